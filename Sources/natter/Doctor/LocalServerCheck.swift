import NatterProviders

/// The local servers natter knows (SPEC 15), as findings: a server not running is a note, never a problem,
/// since nobody needs all six.
enum LocalServerCheck {
    static func findings(_ results: [LocalServerProbe.Result]) -> [DoctorFinding] {
        results.map { result in
            switch result.outcome {
            case .running(let models):
                return DoctorFinding(.localServers, result.name, .ok, "running at \(result.address) (\(models) model\(models == 1 ? "" : "s"))")
            case .notRunning:
                return DoctorFinding(.localServers, result.name, .note, "not running (tried \(result.address))")
            case .cannotAsk(let reason):
                return DoctorFinding(.localServers, result.name, .note, "not asked: \(reason)")
            case .failed(let reason):
                return DoctorFinding(.localServers, result.name, .note, "something answers at \(result.address), but not with a model list: \(reason)")
            }
        }
    }
}
