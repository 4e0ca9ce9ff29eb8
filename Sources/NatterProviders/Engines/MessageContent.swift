import Foundation

/// A person's message as a model is sent it, its attachments resolved (SPEC 8): the text with each text file
/// after it as a fenced block headed by its name (any model can read that), and the images, in order, as
/// base64 placeholders that `InlineBytes` fills in once the body is encoded. Attachments whose bytes the
/// request does not carry (missing, or left out for a model without vision) are not sent.
struct MessageContent {
    struct Image: Equatable {
        var mediaType: String
        /// Stands for the image's base64 text in the encoded body.
        var placeholder: String
    }

    var text: String
    var images: [Image]

    init(_ message: Message, attachmentData: [String: Data], inline: InlineBytes) {
        var text = message.text
        var images: [Image] = []
        for reference in message.attachments {
            guard let data = attachmentData[reference.sha256] else { continue }
            if reference.isImage {
                images.append(Image(mediaType: reference.mediaType, placeholder: inline.placeholder(for: data)))
            } else {
                let block = CodeFence.block(String(decoding: data, as: UTF8.self), named: reference.name)
                text += text.isEmpty ? block : "\n\n" + block
            }
        }
        self.text = text
        self.images = images
    }
}

/// Image bytes in a request body. A 20 MB image is 27 MB of base64; handed to JSONEncoder as a String it
/// would be scanned character by character for escapes it cannot contain. Instead the body is encoded with
/// a short placeholder per image and the base64 is written into its place afterwards. A placeholder holds
/// a random nonce, so no text of the conversation can stand for one.
final class InlineBytes {
    /// Every placeholder is this and the image's index, then `.`.
    private let prefix = Data("natter-inline-\(UUID().uuidString)-".utf8)
    private var images: [Data] = []

    func placeholder(for data: Data) -> String {
        images.append(data)
        return String(decoding: prefix, as: UTF8.self) + "\(images.count - 1)."
    }

    /// `body` with each placeholder replaced by its bytes in base64, wherever the encoder put it.
    func fill(_ body: Data) -> Data {
        guard !images.isEmpty else { return body }
        var out = Data()
        out.reserveCapacity(body.count + images.reduce(0) { $0 + ($1.count + 2) / 3 * 4 })
        var rest = body[...]
        while let found = rest.firstRange(of: prefix) {
            var end = found.upperBound
            var index = 0
            while end < rest.endIndex, let digit = Self.digit(rest[end]) {
                index = index * 10 + digit
                end += 1
            }
            guard end < rest.endIndex, rest[end] == UInt8(ascii: "."), index < images.count else { break }
            out.append(rest[rest.startIndex..<found.lowerBound])
            out.append(images[index].base64EncodedData())
            rest = rest[(end + 1)...]
        }
        out.append(rest)
        return out
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
