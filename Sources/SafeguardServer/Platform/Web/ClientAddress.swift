import SafeguardCore
import Vapor

extension Request {
    /// Địa chỉ máy khách: the address the request came from — behind the load balancers named in
    /// `SAFEGUARD_TRUSTED_PROXIES`, the one they wrote into `X-Forwarded-For` (`TrustedProxies`),
    /// never one the client wrote itself. Login throttling and the audit log use it.
    var clientAddress: String {
        guard let peer = remoteAddress?.ipAddress else { return "unknown" }
        return application.settings.trustedProxies.client(peer: peer, forwardedFor: headers[.xForwardedFor])
    }
}
