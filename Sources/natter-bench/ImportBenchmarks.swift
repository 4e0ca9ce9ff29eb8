import Foundation
import NatterSession

/// `natter import` of a large ChatGPT export (issue 34): a file of `conversations` conversations, each a branching
/// mapping of `messages` messages, generated here in the export's shape, imported by a fresh process into an empty
/// sessions folder. Its time and its peak resident memory.
enum ImportBenchmarks {
    static func importExport(conversations: Int, messages: Int, textLength: Int) -> (megabytes: Double, seconds: Double, residentMegabytes: Double) {
        let folder = NSTemporaryDirectory() + "natter-bench-import-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder + "/sessions", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/conversations.json"
        // Written a conversation at a time: this process's own memory stays out of the figure's way.
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let file = FileHandle(forWritingAtPath: path) else { return (0, .infinity, .infinity) }
        file.write(Data("[".utf8))
        for index in 0..<conversations {
            file.write(Data(((index == 0 ? "" : ",") + conversation(index, messages: messages, textLength: textLength)).utf8))
        }
        file.write(Data("]".utf8))
        try? file.close()
        let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_000_000

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--import-rss", path, folder + "/sessions"]
        let output = Pipe()
        process.standardOutput = output
        let started = ContinuousClock.now
        guard (try? process.run()) != nil else { return (megabytes, .infinity, .infinity) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = (ContinuousClock.now - started).inSeconds
        let reported = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard reported.count == 2, let imported = Int(reported[0]), imported == conversations, let resident = Double(reported[1]) else {
            return (megabytes, .infinity, .infinity)
        }
        return (megabytes, seconds, resident)
    }

    /// `--import-rss FILE FOLDER`: imports, prints the conversations imported and the peak RSS in MB.
    static func reportImport(path: String, into folder: String) {
        var imported = 0
        try? ConversationImport.run(path: path, into: SessionStore(directory: folder)) { outcome in
            if case .imported = outcome { imported += 1 }
        }
        let resident = (try? ProcessBenchmarks.statusMegabytes("VmHWM", of: "self")) ?? .infinity
        print("\(imported) \(String(format: "%.1f", resident))")
    }

    /// One conversation as ChatGPT exports it: a root, then a chain of questions and answers, every fifth answer
    /// regenerated once (a branch).
    static func conversation(_ index: Int, messages: Int, textLength: Int) -> String {
        var nodes: [String] = [#""root-\#(index)":{"id":"root-\#(index)","message":null,"parent":null,"children":["n\#(index)-0"]}"#]
        var parent = "root-\(index)"
        var leaf = parent
        let text = String(repeating: "lorem ipsum dolor sit amet ", count: max(1, textLength / 27))
        for number in 0..<messages {
            let id = "n\(index)-\(number)"
            let role = number % 2 == 0 ? "user" : "assistant"
            var children = number + 1 < messages ? [#""n\#(index)-\#(number + 1)""#] : []
            if number % 10 == 1 { children.append(#""r\#(index)-\#(number)""#) }
            let model = role == "assistant" ? #","metadata":{"model_slug":"gpt-4o"}"# : #","metadata":{}"#
            nodes.append(
                #""\#(id)":{"id":"\#(id)","message":{"id":"\#(id)","author":{"role":"\#(role)","name":null},"create_time":\#(1_700_000_000 + index * 100 + number),"content":{"content_type":"text","parts":["\#(number) \#(text)"]},"status":"finished_successfully","recipient":"all"\#(model)},"parent":"\#(parent)","children":[\#(children.joined(separator: ","))]}"#)
            if number % 10 == 1 {
                nodes.append(
                    #""r\#(index)-\#(number)":{"id":"r\#(index)-\#(number)","message":{"id":"r\#(index)-\#(number)","author":{"role":"assistant","name":null},"create_time":\#(1_700_000_000 + index * 100 + number),"content":{"content_type":"text","parts":["another answer"]},"status":"finished_successfully","recipient":"all","metadata":{"model_slug":"gpt-4o"}},"parent":"\#(parent)","children":[]}"#)
            }
            parent = id
            leaf = id
        }
        return #"{"title":"conversation \#(index)","create_time":\#(1_700_000_000 + index * 100),"update_time":\#(1_700_000_000 + index * 100 + messages),"mapping":{\#(nodes.joined(separator: ","))},"current_node":"\#(leaf)","conversation_id":"c-\#(index)","id":"c-\#(index)","default_model_slug":"gpt-4o"}"#
    }
}
