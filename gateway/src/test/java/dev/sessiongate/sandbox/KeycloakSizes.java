package dev.sessiongate.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Tokens shaped and sized like Keycloak 26's for a realm client with roles (measured by the
 * interop harness): an RS256 access token of 1359 characters, an HS512 refresh token of 720
 * and an RS256 ID token of 1150, with the claims Keycloak adds (realm and client roles,
 * allowed origins, {@code typ}, {@code acr}, the profile). A filler claim of random
 * characters takes each to its exact size, so what a session costs in Redis can be measured
 * with the sandbox IdP as it would be behind Keycloak.
 */
final class KeycloakSizes {

	static final int ACCESS = 1359;

	static final int REFRESH = 720;

	static final int ID = 1150;

	private static final String FILLER = "x-fill";

	private KeycloakSizes() {
	}

	/** The access token's extra claims, as Keycloak adds them for a client with roles. */
	static Map<String, Object> accessClaims(String issuer, String clientId) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("typ", "Bearer");
		claims.put("acr", "1");
		claims.put("allowed-origins", List.of("https://app.example.com"));
		claims.put("realm_access",
				Map.of("roles", List.of("default-roles-sessiongate", "offline_access", "uma_authorization")));
		claims.put("resource_access", Map.of("account",
				Map.of("roles", List.of("manage-account", "manage-account-links", "view-profile"))));
		claims.put("email_verified", true);
		claims.put("given_name", "Alice");
		claims.put("family_name", "Example");
		return claims;
	}

	/** The ID token's extra claims. */
	static Map<String, Object> idClaims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("typ", "ID");
		claims.put("acr", "1");
		claims.put("at_hash", SandboxHttp.randomId().substring(0, 22));
		claims.put("email_verified", true);
		claims.put("given_name", "Alice");
		claims.put("family_name", "Example");
		return claims;
	}

	/**
	 * {@code claims} with a filler claim that makes {@code sign(claims)} {@code length}
	 * characters long (one less where base64 cannot hit it): signed once as it is, to learn
	 * what header and signature take, and once more with the filler.
	 */
	static String padded(Map<String, Object> claims, int length, Function<Map<String, Object>, String> sign) {
		String unpadded = sign.apply(claims);
		int payload = unpadded.split("\\.")[1].length();
		int wanted = length - (unpadded.length() - payload);
		int bytes = (wanted * 3) / 4;
		int fill = bytes - JSONObjectUtils.toJSONString(claims).length() - (",\"" + FILLER + "\":\"\"").length();
		if (fill <= 0) {
			return unpadded;
		}
		Map<String, Object> filled = new LinkedHashMap<>(claims);
		StringBuilder filler = new StringBuilder(fill);
		while (filler.length() < fill) {
			filler.append(SandboxHttp.randomId());
		}
		filled.put(FILLER, filler.substring(0, fill));
		return sign.apply(filled);
	}

}
