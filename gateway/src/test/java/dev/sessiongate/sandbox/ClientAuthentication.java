package dev.sessiongate.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLPeerUnverifiedException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Checks the client credentials the way the discovery document announces, and only that way: a gateway
 * configured for another method is told {@code invalid_client}, as strict providers do. {@code private_key_jwt}:
 * the assertion must verify with the registered key, name the client as issuer and subject, be meant for this
 * endpoint, the token endpoint or the issuer (what RFC 9126 has every PAR endpoint accept), not be expired, and carry a {@code jti} never seen before. {@code tls_client_auth}: the
 * request must come over TLS with a certificate the test CA issued to the registered subject.
 */
final class ClientAuthentication {

	static final String BASIC = "client_secret_basic";

	static final String POST = "client_secret_post";

	static final String PRIVATE_KEY_JWT = "private_key_jwt";

	static final String TLS = "tls_client_auth";

	static final Set<String> METHODS = Set.of(BASIC, POST, PRIVATE_KEY_JWT, TLS);

	private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private final SandboxIdp.Settings settings;

	private final String issuer;

	private final Set<String> seenJtis = ConcurrentHashMap.newKeySet();

	ClientAuthentication(SandboxIdp.Settings settings, String issuer) {
		this.settings = settings;
		this.issuer = issuer;
	}

	boolean authenticate(HttpServerRequest request, Map<String, String> form) {
		return switch (this.settings.clientAuthMethod()) {
			case POST -> request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION) == null
					&& matches(form.get("client_id"), form.get("client_secret"));
			case PRIVATE_KEY_JWT -> assertionValid(request, form);
			case TLS -> certificateValid(request, form);
			default -> basic(request, form);
		};
	}

	private boolean basic(HttpServerRequest request, Map<String, String> form) {
		String[] credentials = basicCredentials(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
		return credentials != null && form.get("client_secret") == null && matches(credentials[0], credentials[1]);
	}

	private boolean assertionValid(HttpServerRequest request, Map<String, String> form) {
		if (!JWT_BEARER.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null
				|| (form.get("client_id") != null && !this.settings.clientId().equals(form.get("client_id")))) {
			return false;
		}
		try {
			SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
			JWTClaimsSet claims = assertion.getJWTClaimsSet();
			Instant now = this.settings.clock().instant();
			Date exp = claims.getExpirationTime();
			List<String> audience = claims.getAudience();
			String endpoint = request.scheme() + "://" + request.requestHeaders().get("Host")
					+ request.fullPath();
			return assertion.verify(verifier()) && this.settings.clientId().equals(claims.getIssuer())
					&& this.settings.clientId().equals(claims.getSubject())
					&& (audience.contains(endpoint) || audience.contains(this.issuer + "/token")
							|| audience.contains(this.issuer))
					&& exp != null
					&& exp.toInstant().isAfter(now) && exp.toInstant().isBefore(now.plus(Duration.ofMinutes(10)))
					&& claims.getJWTID() != null && this.seenJtis.add(claims.getJWTID());
		}
		catch (ParseException | JOSEException ex) {
			return false;
		}
	}

	private JWSVerifier verifier() throws JOSEException {
		if (this.settings.quirks().clientKey() instanceof ECKey ec) {
			return new ECDSAVerifier(ec);
		}
		return new RSASSAVerifier((RSAKey) this.settings.quirks().clientKey());
	}

	private boolean certificateValid(HttpServerRequest request, Map<String, String> form) {
		X509Certificate[] presented = new X509Certificate[1];
		request.withConnection(connection -> {
			SslHandler tls = connection.channel().pipeline().get(SslHandler.class);
			try {
				Certificate[] chain = (tls != null) ? tls.engine().getSession().getPeerCertificates() : null;
				presented[0] = (chain != null && chain.length > 0) ? (X509Certificate) chain[0] : null;
			}
			catch (SSLPeerUnverifiedException ex) {
				presented[0] = null;
			}
		});
		return presented[0] != null && this.settings.clientId().equals(form.get("client_id"))
				&& presented[0].getSubjectX500Principal().getName().equals(
						new javax.security.auth.x500.X500Principal(TestCertificates.CLIENT_SUBJECT).getName());
	}

	private boolean matches(@Nullable String clientId, @Nullable String secret) {
		byte[] expected = this.settings.clientSecret().getBytes(StandardCharsets.UTF_8);
		return this.settings.clientId().equals(clientId) && secret != null
				&& MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8));
	}

	// RFC 6749 section 2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
	private static String @Nullable [] basicCredentials(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return null;
			}
			return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
