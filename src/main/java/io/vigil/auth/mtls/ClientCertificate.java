package io.vigil.auth.mtls;

import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The client certificate a TLS connection presented (and the handshake verified against the
 * configured CAs), with its RFC 8705 thumbprint ({@code x5t#S256}). Read once per connection.
 */
public record ClientCertificate(X509Certificate certificate, String thumbprint, java.util.List<String> uris,
        java.util.List<String> dnsNames) {

    /** The verified leaf certificate of a session, or null when the client presented none. */
    public static ClientCertificate of(SSLSession session) {
        if (session == null) {
            return null;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded());
            java.util.List<String> uris = new java.util.ArrayList<>();
            java.util.List<String> dns = new java.util.ArrayList<>();
            if (leaf.getSubjectAlternativeNames() != null) {
                for (java.util.List<?> san : leaf.getSubjectAlternativeNames()) {
                    Object type = san.get(0);
                    if (Integer.valueOf(6).equals(type)) {
                        uris.add(String.valueOf(san.get(1)));
                    } else if (Integer.valueOf(2).equals(type)) {
                        dns.add(String.valueOf(san.get(1)));
                    }
                }
            }
            return new ClientCertificate(leaf, Base64URL.encode(digest).toString(), java.util.List.copyOf(uris),
                    java.util.List.copyOf(dns));
        } catch (CertificateEncodingException | NoSuchAlgorithmException | java.security.cert.CertificateParsingException e) {
            return null;
        }
    }

    /** Whether a token's {@code cnf.x5t#S256} names this certificate (constant-time compare). */
    public boolean matches(String x5tS256) {
        return x5tS256 != null && MessageDigest.isEqual(thumbprint.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                x5tS256.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
