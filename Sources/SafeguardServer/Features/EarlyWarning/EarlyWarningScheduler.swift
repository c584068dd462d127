import NIOConcurrencyHelpers
import SafeguardCore
import Vapor

/// Runs the early warning when a week or statistical month closes, the day's reminders, and sends
/// pending notifications out by e-mail and webhook (`NotificationDelivery`). Every instance wakes up every
/// `interval` and asks `EarlyWarningService.runDue` to examine the last closed periods; the
/// claim in `detector_runs` makes exactly one instance do it, so several stateless instances on
/// one database need no coordinator. `SAFEGUARD_WARNING_INTERVAL` (seconds, default 3600; 0 = off).
struct EarlyWarningScheduler: LifecycleHandler {
    let interval: Duration
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(interval: Duration) { self.interval = interval }

    func didBoot(_ app: Application) throws {
        let interval = self.interval
        task.withLockedValue { current in
            current = Task {
                while !Task.isCancelled {
                    await Self.tick(app)
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops the loop and waits for a run under way to end, before the databases it uses are shut
    /// down (a server that could not bind its port shuts down seconds after booting, mid-run).
    func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { current in
            current?.cancel()
            return current
        }
        await running?.value
    }

    static func tick(_ app: Application) async {
        do {
            guard let code = try await PlanRepository(db: app.db).defaultProvince(),
                  let province = try await OrgUnit.find(code: code, on: app.db) else { return }
            try await EarlyWarningService(db: app.db, watches: app.referenceData.watches).runDue(province: province, clock: app.clock)
        } catch {
            app.logger.error("early warning: \(error)")
        }
        guard !Task.isCancelled else { return }
        do {
            _ = try await ReminderService(db: app.db, days: app.settings.dueSoonDays, people: (app.referenceData.statutoryLimits, app.referenceData.holidays)).runIfDue(clock: app.clock)
        } catch {
            app.logger.error("reminders: \(error)")
        }
        guard !Task.isCancelled else { return }
        do {
            try await app.notificationDelivery().deliverPending(now: app.clock.now(), logger: app.logger)
        } catch {
            app.logger.error("notification delivery: \(error)")
        }
        guard !Task.isCancelled else { return }
        do {
            // The audit chain's head, signed, to a file kept apart from the database (`AuditAnchor`).
            try await AuditAnchor.appendHead(on: app.db, to: app.settings.auditAnchorsPath, key: app.masterKey.auditAnchorKey, now: app.clock.now())
        } catch {
            app.logger.error("audit anchor: \(error)")
        }
        guard !Task.isCancelled else { return }
        do {
            // Idempotent: several instances running it at once delete the same rows once.
            try await app.retentionJob.run()
        } catch {
            app.logger.error("retention: \(error)")
        }
    }
}

extension Application {
    /// Starts the server's own scheduled work (the early warning, the daily reminders). Called by `serve`.
    public func startScheduledJobs() {
        let seconds = settings.warningInterval
        guard seconds > 0 else { return }
        lifecycle.use(EarlyWarningScheduler(interval: .seconds(seconds)))
    }
}
