package dev.sessiongate.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

/**
 * Opaque access tokens and what they stand for, so the sandbox API can look one up as a resource server
 * introspects it (RFC 7662) at a provider that issues opaque tokens.
 */
final class OpaqueTokens {

	private final Map<String, JWTClaimsSet> issued = new ConcurrentHashMap<>();

	String issue(JWTClaimsSet claims) {
		String token = "opaque." + SandboxHttp.randomId();
		this.issued.put(token, claims);
		return token;
	}

	@Nullable JWTClaimsSet introspect(String token) {
		return this.issued.get(token);
	}

}
