/// Counts and sizes as a person reads them: "5,000", "84 kB", "1.2 MB" (decimal units, as file managers show).
public enum Quantities {
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    public static func bytes(_ value: Int) -> String {
        if value < 1000 { return "\(value) B" }
        if value < 1_000_000 { return "\(value / 1000) kB" }
        let tenths = value / 100_000
        return tenths % 10 == 0 || tenths >= 1000 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
    }
}
