import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// How `pshell sandbox --tls` serves HTTPS: a certificate and key given by the user, or a certificate authority
/// made at start (P-256, valid a year) and a server certificate it signs for 127.0.0.1 and localhost. The CA is
/// written where clients can be told to trust it (`pshell --cacert`, `curl --cacert`); its key never leaves memory.
package struct SandboxTLS: Sendable {
    /// The server's certificate chain and key, PEM.
    let certificateChain: String
    let privateKey: String
    /// The CA file to trust, when the sandbox made its own.
    package let caFile: String?

    /// The user's certificate (chain) and key files.
    package static func files(certificate: String, key: String) throws(SandboxStartError) -> SandboxTLS {
        guard let chain = FileManager.default.contents(atPath: certificate).map({ String(decoding: $0, as: UTF8.self) })
        else {
            throw SandboxStartError(message: "--tls-cert: cannot read \(certificate)")
        }
        guard let key = FileManager.default.contents(atPath: key).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw SandboxStartError(message: "--tls-key: cannot read \(key)")
        }
        return SandboxTLS(certificateChain: chain, privateKey: key, caFile: nil)
    }

    /// A new CA and a server certificate it signs; the CA's certificate is written to `caFile` (mode 0644: it
    /// is public). Certificates carry the system's time, not the sandbox's clock: clients check them against theirs.
    package static func generated(caFile: String) throws(SandboxStartError) -> SandboxTLS {
        do {
            let now = Date()
            let caKey = P256.Signing.PrivateKey()
            let caName = try DistinguishedName {
                OrganizationName("pshell")
                CommonName("pshell sandbox CA")
            }
            let ca = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey), notValidBefore: now - 300,
                notValidAfter: now + 365 * 86_400, issuer: caName, subject: caName,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                }, issuerPrivateKey: .init(caKey))
            let serverKey = P256.Signing.PrivateKey()
            let server = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey), notValidBefore: now - 300,
                notValidAfter: now + 365 * 86_400, issuer: caName,
                subject: try DistinguishedName { CommonName("127.0.0.1") }, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames([
                        .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])), .dnsName("localhost"),
                    ])
                }, issuerPrivateKey: .init(caKey))
            let caPEM = try ca.serializeAsPEM().pemString + "\n"
            guard
                FileManager.default.createFile(
                    atPath: caFile, contents: Data(caPEM.utf8), attributes: [.posixPermissions: 0o644])
            else {
                throw SandboxStartError(message: "cannot write the CA file \(caFile)")
            }
            return SandboxTLS(
                certificateChain: try server.serializeAsPEM().pemString + "\n" + caPEM,
                privateKey: serverKey.pemRepresentation,
                caFile: caFile)
        } catch let error as SandboxStartError {
            throw error
        } catch {
            throw SandboxStartError(message: "cannot make the sandbox's TLS certificate: \(error)")
        }
    }

    /// NIOSSL's server configuration for this material.
    func configuration() throws(SandboxStartError) -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificateChain.utf8)).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(bytes: Array(privateKey.utf8), format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            return configuration
        } catch {
            throw SandboxStartError(message: "the TLS certificate or key cannot be used: \(error)")
        }
    }
}
