/// A text cut into pieces of at most `limit` by some measure of each character (display cells, UTF-8 bytes),
/// between characters, every character kept: the approval box wraps arguments this way (spaces kept, since a
/// run of them is what hides the rest of a command) and compaction slices a message too long for one request.
public enum TextPieces {
    public static func split(_ text: String, limit: Int, measure: (Character) -> Int) -> [String] {
        var pieces: [String] = []
        var piece = ""
        var used = 0
        for character in text {
            let size = measure(character)
            if used + size > limit, !piece.isEmpty {
                pieces.append(piece)
                piece = ""
                used = 0
            }
            piece.append(character)
            used += size
        }
        pieces.append(piece)
        return pieces
    }
}
