import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// How `pshell sandbox --tls` serves HTTPS: a certificate and key given by the user, or a certificate authority
/// (P-256, valid a year) and a server certificate it signs for 127.0.0.1 and localhost. The CA is written where
/// clients can be told to trust it (`pshell --cacert`, `curl --cacert`). Without a state file its key never leaves
/// memory; with one (`--state FILE`), the key is kept beside it (mode 0600) and the CA is used again at the next start,
/// so that the clients pointed at the sandbox go on trusting it across restarts.
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
    package static func generated(caFile: String, keyFile: String? = nil) throws(SandboxStartError) -> SandboxTLS {
        do {
            let now = Date()
            let caName = try DistinguishedName {
                OrganizationName("pshell")
                CommonName("pshell sandbox CA")
            }
            let kept = keyFile.flatMap { keptAuthority(caFile: caFile, keyFile: $0, now: now) }
            let caKey = kept?.key ?? P256.Signing.PrivateKey()
            let ca =
                try kept?.certificate
                ?? Certificate(
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
            if kept == nil {
                guard
                    FileManager.default.createFile(
                        atPath: caFile, contents: Data(caPEM.utf8), attributes: [.posixPermissions: 0o644])
                else {
                    throw SandboxStartError(message: "cannot write the CA file \(caFile)")
                }
                if let keyFile { try writePrivate(caKey.pemRepresentation, to: keyFile) }
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

    /// The CA kept beside a state file, if both files are there, match, and it is valid for a day more.
    private static func keptAuthority(
        caFile: String, keyFile: String, now: Date
    ) -> (certificate: Certificate, key: P256.Signing.PrivateKey)? {
        guard let certificateText = try? String(contentsOfFile: caFile, encoding: .utf8),
            let keyText = try? String(contentsOfFile: keyFile, encoding: .utf8),
            let certificate = try? Certificate(pemEncoded: certificateText),
            let key = try? P256.Signing.PrivateKey(pemRepresentation: keyText),
            certificate.publicKey == Certificate.PublicKey(key.publicKey),
            certificate.notValidAfter > now + 86_400
        else { return nil }
        return (certificate, key)
    }

    /// A key file, readable by its owner only from the moment it exists.
    private static func writePrivate(_ text: String, to path: String) throws(SandboxStartError) {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SandboxStartError(message: "cannot write the CA's key \(path)") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw SandboxStartError(message: "cannot write the CA's key \(path)")
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
            throw SandboxStartError(
                message: "the TLS certificate or key cannot be used: --tls-cert needs PEM certificates, --tls-key "
                    + "the PEM private key that goes with the first")
        }
    }
}
