package dev.sessiongate.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Refresh tokens as {@code sid.generation.mac}: the IdP remembers one counter per family instead of every token
 * ever issued, so long load tests do not grow the heap, and still recognises a rotated-away token as reuse.
 * With {@link #keycloakSized(boolean)} they are HS512 JWTs of Keycloak's size instead ({@link KeycloakSizes}),
 * carrying the same two facts.
 */
final class RefreshTokenCodec {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	private final byte[] jwtKey = new byte[64];

	private volatile boolean keycloakSized;

	RefreshTokenCodec() {
		this.key = new SecretKeySpec(SandboxHttp.randomId().getBytes(StandardCharsets.US_ASCII), "HmacSHA256");
		new java.security.SecureRandom().nextBytes(this.jwtKey);
	}

	void keycloakSized(boolean sized) {
		this.keycloakSized = sized;
	}

	String encode(String sid, int generation) {
		if (this.keycloakSized) {
			return jwt(sid, generation);
		}
		String payload = sid + "." + generation;
		return payload + "." + mac(payload);
	}

	/**
	 * Answers the token's family and generation, or null when the token was not minted by this IdP.
	 */
	@Nullable Decoded decode(String token) {
		if (token.startsWith("eyJ")) {
			return decodeJwt(token);
		}
		int macStart = token.lastIndexOf('.');
		int generationStart = token.lastIndexOf('.', macStart - 1);
		if (generationStart <= 0) {
			return null;
		}
		String payload = token.substring(0, macStart);
		byte[] expected = mac(payload).getBytes(StandardCharsets.US_ASCII);
		byte[] presented = token.substring(macStart + 1).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, presented)) {
			return null;
		}
		return new Decoded(token.substring(0, generationStart),
				Integer.parseInt(token.substring(generationStart + 1, macStart)));
	}

	private String mac(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return BASE64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	private String jwt(String sid, int generation) {
		java.util.Map<String, Object> claims = new java.util.LinkedHashMap<>();
		long now = java.time.Instant.now().getEpochSecond();
		claims.put("exp", now + 1800);
		claims.put("iat", now);
		claims.put("jti", java.util.UUID.randomUUID().toString());
		claims.put("typ", "Refresh");
		claims.put("sid", sid);
		claims.put("gen", generation);
		claims.put("scope", "openid profile email offline_access");
		return KeycloakSizes.padded(claims, KeycloakSizes.REFRESH, this::signHs512);
	}

	private String signHs512(java.util.Map<String, Object> claims) {
		try {
			com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
					new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.HS512)
						.type(com.nimbusds.jose.JOSEObjectType.JWT)
						.keyID("8f3a5c1e-7d2b-4c9a-b6e0-1f2d3c4b5a69")
						.build(),
					new com.nimbusds.jose.Payload(claims));
			jws.sign(new com.nimbusds.jose.crypto.MACSigner(this.jwtKey));
			return jws.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException("HS512 signing failed", ex);
		}
	}

	private @Nullable Decoded decodeJwt(String token) {
		try {
			com.nimbusds.jose.JWSObject jws = com.nimbusds.jose.JWSObject.parse(token);
			if (!jws.verify(new com.nimbusds.jose.crypto.MACVerifier(this.jwtKey))) {
				return null;
			}
			java.util.Map<String, Object> claims = jws.getPayload().toJSONObject();
			return new Decoded((String) claims.get("sid"), ((Number) claims.get("gen")).intValue());
		}
		catch (java.text.ParseException | com.nimbusds.jose.JOSEException | RuntimeException ex) {
			return null;
		}
	}

	record Decoded(String sid, int generation) {
	}

}
