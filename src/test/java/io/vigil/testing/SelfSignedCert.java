package io.vigil.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway certificate for 127.0.0.1/localhost, written as PEM files like a user's would be. */
public record SelfSignedCert(X509Certificate certificate, java.security.PrivateKey privateKey, Path certFile, Path keyFile) {

    public static SelfSignedCert create(Path dir) throws Exception {
        return create(dir, "localhost");
    }

    /** @param name the subject's common name, also the prefix of the PEM file names */
    public static SelfSignedCert create(Path dir, String name) throws Exception {
        return create(dir, name, new String[0]);
    }

    /** @param uris URI subject alternative names, such as a SPIFFE ID */
    public static SelfSignedCert create(Path dir, String name, String... uris) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        long now = System.currentTimeMillis();
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now), new Date(now - 60_000),
                new Date(now + 86_400_000), subject, keys.getPublic());
        java.util.List<GeneralName> names = new java.util.ArrayList<>();
        for (String uri : uris) {
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        }
        names.add(new GeneralName(GeneralName.dNSName, name.equals("localhost") ? "localhost" : name + ".test"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        String prefix = name.equals("localhost") ? "" : name + "-";
        Path certFile = dir.resolve(prefix + "cert.pem");
        Path keyFile = dir.resolve(prefix + "key.pem");
        Files.writeString(certFile, pem(cert));
        Files.writeString(keyFile, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)));
        return new SelfSignedCert(cert, keys.getPrivate(), certFile, keyFile);
    }

    private static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        }
        return out.toString();
    }

    /** An SSL context that trusts this certificate and presents {@code client}'s. */
    public SSLContext trustingContext(SelfSignedCert client) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.privateKey(), new char[0], new java.security.cert.Certificate[] {client.certificate()});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        return context(kmf.getKeyManagers());
    }

    /** An SSL context that trusts exactly this certificate. */
    public SSLContext trustingContext() throws Exception {
        return context(null);
    }

    private SSLContext context(javax.net.ssl.KeyManager[] keyManagers) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("vigil-test", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }
}
