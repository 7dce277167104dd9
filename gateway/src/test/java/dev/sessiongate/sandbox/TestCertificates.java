package dev.sessiongate.sandbox;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI made when a test starts, for {@code tls_client_auth}: a CA, a server
 * certificate for 127.0.0.1 (the sandbox IdP's TLS endpoints) and a client certificate
 * ({@code CN=gateway}) with its key, written as PEM files for the gateway's SSL bundle.
 * Nothing is committed: every key lives for one test run, in a temporary directory.
 */
public final class TestCertificates {

	public static final String CLIENT_SUBJECT = "CN=gateway,O=sessiongate test";

	private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

	private final X509Certificate ca;

	private final KeyPair serverKeys;

	private final X509Certificate server;

	private final Path directory;

	private TestCertificates(String clientSubject) {
		try {
			KeyPair caKeys = keys();
			this.ca = certificate("CN=sessiongate test CA", caKeys, "CN=sessiongate test CA", caKeys.getPrivate(),
					true, null);
			this.serverKeys = keys();
			this.server = certificate("CN=127.0.0.1", this.serverKeys, "CN=sessiongate test CA", caKeys.getPrivate(),
					false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
			KeyPair clientKeys = keys();
			X509Certificate client = certificate(clientSubject, clientKeys, "CN=sessiongate test CA",
					caKeys.getPrivate(), false, null);
			this.directory = Files.createTempDirectory("sessiongate-test-pki");
			write("ca.pem", this.ca);
			write("client.pem", client);
			write("client-key.pem", clientKeys.getPrivate());
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("test PKI could not be made", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A CA with a server certificate and a client certificate for {@link #CLIENT_SUBJECT}. */
	public static TestCertificates generate() {
		return new TestCertificates(CLIENT_SUBJECT);
	}

	/** The same CA's trust, but a client certificate for another subject (a client the IdP does not know). */
	public static TestCertificates generate(String clientSubject) {
		return new TestCertificates(clientSubject);
	}

	X509Certificate ca() {
		return this.ca;
	}

	PrivateKey serverKey() {
		return this.serverKeys.getPrivate();
	}

	X509Certificate server() {
		return this.server;
	}

	/** Settings for a gateway SSL bundle {@code name} that presents the client certificate and trusts the CA. */
	public Map<String, Object> gatewayBundle(String name) {
		String prefix = "spring.ssl.bundle.pem." + name;
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + ".keystore.certificate", "file:" + this.directory.resolve("client.pem"));
		properties.put(prefix + ".keystore.private-key", "file:" + this.directory.resolve("client-key.pem"));
		properties.put(prefix + ".truststore.certificate", "file:" + this.directory.resolve("ca.pem"));
		return properties;
	}

	private static KeyPair keys() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
			boolean ca, GeneralNames alternativeNames) throws GeneralSecurityException, OperatorCreationException,
			IOException {
		Instant now = Instant.now();
		// Names as the JDK reads them (RFC 2253 order): Bouncy Castle's X500Name would encode
		// "CN=gateway,O=..." in the opposite order, and the IdP's subject check would never match.
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Principal(issuer),
				BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(Duration.ofDays(1))), new X500Principal(subject), keys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
		if (alternativeNames != null) {
			builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
		}
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
	}

	private void write(String file, Object pem) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(pem);
		}
		Path path = this.directory.resolve(file);
		Files.writeString(path, text.toString());
		path.toFile().deleteOnExit();
	}

}
