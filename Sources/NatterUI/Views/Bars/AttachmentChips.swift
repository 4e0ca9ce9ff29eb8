import NatterProviders

/// The row of chips above the input: what goes with the next message (SPEC 8), as many as fit, then how
/// many more.
enum AttachmentChips {
    static func draw(_ attachments: [PendingAttachment], into frame: inout Frame, row: Int) {
        let hint = " ⌫ at start takes off"
        var column = 2
        for (index, chip) in attachments.enumerated() {
            // File names come from the disk or a paste: made safe for the screen like any outside text.
            let label = TerminalText.singleLine(chip.label, limit: 80)
            let rest = attachments.count - index - 1
            let more = rest > 0 ? " +\(rest) more" : ""
            guard column + DisplayWidth.of(label) + DisplayWidth.of(more) <= frame.width else {
                frame.put("+\(attachments.count - index) more", x: column, y: row, style: Style(.muted))
                return
            }
            column = frame.put(label, x: column, y: row, style: Style(chip.reference == nil ? .muted : .accent))
            column += 1
        }
        if column + DisplayWidth.of(hint) <= frame.width { frame.put(hint, x: column, y: row, style: Style(.muted)) }
    }
}
