/// Where natter draws (SPEC 12): the whole screen, inline in the terminal's scrollback, or plain appended lines for
/// screen readers. The state, update and views are the same in all three; the terminal drawing them differs.
public enum ScreenMode: String, Sendable, CaseIterable {
    case full, inline, plain

    /// The mode a flag asks for, else config.json's `"screen"`, else full screen; plain whenever the terminal is
    /// dumb, which can do nothing else. A setting that names no mode is said as the problem, and full screen used.
    public static func chosen(flag: ScreenMode?, setting: String?, term: String?) -> (mode: ScreenMode, problem: String?) {
        if term == "dumb" { return (.plain, nil) }
        if let flag { return (flag, nil) }
        guard let setting else { return (.full, nil) }
        if let mode = ScreenMode(rawValue: setting) { return (mode, nil) }
        let known = allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return (.full, "config.json: screen \"\(setting)\" is none of \(known); full screen is used")
    }
}
