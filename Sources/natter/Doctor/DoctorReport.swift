import NatterProviders

/// Everything `natter doctor` found, as text for a person or one JSON object for a script.
struct DoctorReport: Sendable {
    var findings: [DoctorFinding]

    var problems: Int { findings.filter { $0.verdict == .problem }.count }

    /// A section a line, then a line per finding marked `ok`, `note` or `FIX`, each fix on its own line below.
    var text: String {
        var lines: [String] = []
        for section in DoctorFinding.Section.allCases {
            let found = findings.filter { $0.section == section }
            guard !found.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(section.title)
            for finding in found {
                lines.append("  " + Self.label(finding.verdict) + "  " + finding.subject + ": " + finding.detail)
                for (index, step) in finding.fix.enumerated() {
                    lines.append("        " + (index == 0 ? "to fix: " : "        ") + step)
                }
            }
        }
        lines.append("")
        switch problems {
        case 0: lines.append("Nothing to fix.")
        case 1: lines.append("1 thing to fix (marked FIX).")
        default: lines.append("\(problems) things to fix (marked FIX).")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private struct Document: Encodable {
        var ok: Bool
        var problems: Int
        var findings: [DoctorFinding]
    }

    var json: String {
        JSONLine.encode(Document(ok: problems == 0, problems: problems, findings: findings)) + "\n"
    }

    private static func label(_ verdict: DoctorFinding.Verdict) -> String {
        switch verdict {
        case .ok: return "ok  "
        case .note: return "note"
        case .problem: return "FIX "
        }
    }
}
