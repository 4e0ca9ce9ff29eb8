import Foundation
import NatterProviders

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// natter's folders (SPEC 1): where they are, whether they are folders natter can write, and whether what
/// must stay private is: transcripts, attachments, MCP logs and OAuth tokens are 0600 in 0700 folders.
enum FolderCheck {
    static func findings(paths: NatterPaths) -> [DoctorFinding] {
        var findings = [
            folder("config folder", paths.configDirectory, isPrivate: false),
            folder("data folder", paths.dataDirectory, isPrivate: false),
        ]
        for (subject, path, files) in [
            ("sessions folder", paths.sessionsDirectory, "transcripts"),
            ("attachments folder", paths.attachmentsDirectory, "attached files"),
            ("logs folder", paths.logsDirectory, "MCP servers' logs"),
            ("oauth folder", paths.oauthDirectory, "OAuth tokens"),
        ] {
            findings.append(folder(subject, path, isPrivate: true))
            if let exposed = exposedFiles(in: path, what: files) { findings.append(exposed) }
        }
        return findings.compactMap { $0 }
    }

    /// nil for a private folder not made yet: natter makes it, private, when it first needs it.
    private static func folder(_ subject: String, _ path: String, isPrivate: Bool) -> DoctorFinding? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT {
                return isPrivate ? nil : DoctorFinding(.folders, subject, .note, "\(path) does not exist yet (natter makes it when it first needs it)")
            }
            return DoctorFinding(
                .folders, subject, .problem, "\(path) cannot be looked at: \(String(cString: strerror(errno)))",
                fix: ["check the permissions of the folders above it"])
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return DoctorFinding(
                .folders, subject, .problem, "\(path) is not a folder", fix: ["move it away, so that natter can make the folder there"])
        }
        let mode = info.st_mode & 0o7777
        let shown = "\(path), a folder, mode \(octal(mode))"
        guard access(path, W_OK | X_OK) == 0 else {
            return DoctorFinding(
                .folders, subject, .problem, "\(shown): natter cannot write in it", fix: ["chown \"$USER\" \(ShellWord.quoted(path)) && chmod u+rwx \(ShellWord.quoted(path))"])
        }
        if isPrivate && mode & 0o077 != 0 {
            return DoctorFinding(
                .folders, subject, .problem, "\(shown): others on this machine can get in (it should be 0700)", fix: ["chmod 700 \(ShellWord.quoted(path))"])
        }
        return DoctorFinding(.folders, subject, .ok, shown)
    }

    /// The files in a private folder that group or others may read, when there are any.
    private static func exposedFiles(in folder: String, what: String) -> DoctorFinding? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        let exposed = names.sorted().filter { name in
            var info = stat()
            // lstat: a link's own mode says nothing; what it points to is not natter's to judge here.
            return lstat(folder + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_mode & 0o077 != 0
        }
        guard let first = exposed.first else { return nil }
        let count = exposed.count == 1 ? "1 file" : "\(exposed.count) files"
        return DoctorFinding(
            .folders, "\(what)", .problem, "\(count) in \(folder) can be read by others (\(first)\(exposed.count > 1 ? ", …" : "")); they should be 0600",
            fix: ["chmod go-rwx \(ShellWord.quoted(folder))/*"])
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
