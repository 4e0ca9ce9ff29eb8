/// A path put into a command a person copies from doctor's "to fix:" line: quoted when the shell would
/// otherwise split it or read something in it (a space, `$`, a quote).
enum ShellWord {
    static func quoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "/._-+=:,@%~".unicodeScalars.contains(scalar)
        }
        if plain && !word.isEmpty && !word.hasPrefix("~") { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
