import Foundation

/// What a file is, told by its bytes and never by its name (SPEC 8): `cat.png` may be text and `notes.txt` a
/// JPEG. Images are the four kinds every vision API takes; text is UTF-8 without NUL bytes.
enum FileKind: Equatable {
    case image(mediaType: String)
    case text
    case binary

    static func of(_ data: Data) -> FileKind {
        if let mediaType = imageType(data) { return .image(mediaType: mediaType) }
        guard !data.contains(0), String(validating: data, as: UTF8.self) != nil else { return .binary }
        return .text
    }

    private static func imageType(_ data: Data) -> String? {
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            data.count >= offset + bytes.count && data.dropFirst(offset).prefix(bytes.count).elementsEqual(bytes)
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        return nil
    }
}
