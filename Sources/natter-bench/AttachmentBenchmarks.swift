import Foundation
import NatterProviders
import NatterSession
import NatterUI

/// Attachments (SPEC 8): a 20 MB image attached and encoded into each engine's request; the UI thread's
/// share of attaching (the reading is not on it); a session of 200 images opened without reading any.
enum AttachmentBenchmarks {
    struct Figures {
        /// Reading, sniffing, hashing and keeping the file, reading it back for the request, and the
        /// request body: the slowest engine's median.
        var attachAndEncodeMilliseconds: Double
        var slowestEngine: Engine
        /// Tab on `@big.png` (completion, chip) and the frame after it, p99.
        var tabToChipP99Milliseconds: Double
        var openWithImagesMilliseconds: Double
        var openWithoutMilliseconds: Double
        var residentMegabytes: Double
    }

    static func image(megabytes: Int) -> Data {
        var bytes = [UInt8](repeating: 0, count: megabytes * 1_000_000)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 56)
        }
        bytes.replaceSubrange(0..<8, with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        return Data(bytes)
    }

    static func measure(megabytes: Int, runs: Int, sessionImages: Int) throws -> Figures {
        let folder = NSTemporaryDirectory() + "natter-bench-attach-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/big.png"
        try image(megabytes: megabytes).write(to: URL(fileURLWithPath: path))

        var slowest = (engine: Engine.openai, milliseconds: 0.0)
        for engine in Engine.allCases {
            let provider = DeclarativeProvider(
                definition: ProviderDefinition(name: "bench", engine: engine, host: "http://127.0.0.1:9", models: [ModelInfo(name: "m", supportsVision: true)]))
            var run = 0
            let times = Benchmarks.timings(runs: runs) {
                // A new store each time: the file is written, as on its first attachment.
                let store = AttachmentStore(directory: folder + "/store-\(engine)-\(run)")
                run += 1
                guard let reference = try? store.add(fileAt: path), let data = store.data(for: reference) else { fatalError("attaching failed") }
                let message = Message(parent: nil, role: .user, parts: [.text("what is this?"), .attachment(reference)])
                let request = ChatRequest(messages: [message], config: ModelConfig(model: "m"), attachmentData: [reference.sha256: data])
                guard let body = try? provider.requestBody(request), body.count > data.count else { fatalError("encoding failed") }
                try? FileManager.default.removeItem(atPath: store.directory)
            }
            let median = Benchmarks.percentile(times, 0.5)
            if median > slowest.milliseconds { slowest = (engine, median) }
        }

        var state = AppState(providerName: "bench", model: "m")
        state.composer.workingDirectory = folder
        var app = App(state: state)
        _ = app.update(.resized(width: 200, height: 60))
        _ = Screen.render(app, width: 200, height: 60)
        let tab = Benchmarks.timings(runs: runs * 5) {
            for character in "@big." { _ = app.update(.key(.character(character))) }
            // Tab asks the disk how the path goes on, and the runner answers at once, as here.
            for intent in app.update(.key(.tab)) {
                if case .completePath(let typed, let directory) = intent {
                    _ = app.update(.pathCompleted(typed: typed, AttachmentPath.complete(typed, in: directory)))
                }
            }
            _ = Screen.render(app, width: 200, height: 60)
            _ = app.update(.key(.escape))  // the chip off again
        }

        let (withImages, without) = try sessions(images: sessionImages, in: folder)
        let open = { (file: String) in
            Benchmarks.percentile(Benchmarks.timings(runs: max(3, runs / 2)) { _ = TranscriptBenchmarks.open(path: file) }, 0.5)
        }
        return Figures(
            attachAndEncodeMilliseconds: slowest.milliseconds, slowestEngine: slowest.engine,
            tabToChipP99Milliseconds: Benchmarks.percentile(tab, 0.99), openWithImagesMilliseconds: open(withImages),
            openWithoutMilliseconds: open(without), residentMegabytes: TranscriptBenchmarks.peakResidentOfFreshProcess(opening: withImages))
    }

    /// Two transcripts of `images` questions and answers, alike but that each question of the first names an
    /// image of 1 MB kept in the store beside it.
    static func sessions(images: Int, in folder: String) throws -> (withImages: String, without: String) {
        let store = AttachmentStore(directory: folder + "/attachments")
        let sessions = folder + "/sessions"
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        var references: [AttachmentRef] = []
        for index in 0..<images {
            var data = image(megabytes: 1)
            data.append(contentsOf: withUnsafeBytes(of: index) { Array($0) })
            references.append(try store.add(data, name: "photo-\(index).png"))
        }
        func write(_ name: String, attached: Bool) throws -> String {
            var conversation: [TranscriptRecord] = [.session(SessionHeader(id: name, created: Date()))]
            var parent: String?
            for index in 0..<images {
                let parts: [Part] = [.text("what is in picture \(index)?")] + (attached ? [.attachment(references[index])] : [])
                let question = Message(parent: parent, role: .user, parts: parts, origin: Origin(provider: "bench", model: "m"))
                let answer = Message(
                    parent: question.id, role: .assistant, parts: [.text(TranscriptBenchmarks.text(index, length: 300))],
                    origin: Origin(provider: "bench", model: "m"), finish: .stop)
                conversation += [.message(question), .message(answer)]
                parent = answer.id
            }
            let path = sessions + "/\(name).jsonl"
            let writer = try TranscriptWriter(path: path)
            try writer.append(contentsOf: conversation)
            return path
        }
        return (try write("images", attached: true), try write("plain", attached: false))
    }
}
