package dev.sessiongate.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Refresh-token families with rotation and reuse detection, as OAuth 2.0 Security BCP section 4.14 describes:
 * a rotated-away token coming back means it leaked, so the whole family is revoked.
 */
final class RefreshTokenFamilies {

	private final Map<String, RefreshTokenFamily> families = new ConcurrentHashMap<>();

	private final RefreshTokenCodec codec = new RefreshTokenCodec();

	private final boolean rotation;

	RefreshTokenFamilies(boolean rotation) {
		this.rotation = rotation;
	}

	/** Refresh tokens issued from now on are HS512 JWTs of Keycloak's size (see {@link KeycloakSizes}). */
	void keycloakSized(boolean sized) {
		this.codec.keycloakSized(sized);
	}

	RefreshTokenFamily start(String subject, String scope, Instant authTime) {
		RefreshTokenFamily family = new RefreshTokenFamily(SandboxHttp.randomId(), subject, scope, authTime);
		this.families.put(family.sid(), family);
		return family;
	}

	String currentToken(RefreshTokenFamily family) {
		return this.codec.encode(family.sid(), family.generation());
	}

	Redemption redeem(String token) {
		RefreshTokenCodec.Decoded decoded = this.codec.decode(token);
		RefreshTokenFamily family = (decoded != null) ? this.families.get(decoded.sid()) : null;
		if (decoded == null || family == null || family.isRevoked()) {
			return new Redemption.Rejected();
		}
		if (!this.rotation) {
			return new Redemption.Redeemed(family, null);
		}
		if (family.rotate(decoded.generation())) {
			return new Redemption.Redeemed(family, this.codec.encode(family.sid(), decoded.generation() + 1));
		}
		// Two concurrent refreshes with one token land here too: real providers without a grace period do the same.
		if (decoded.generation() < family.generation() && family.revoke()) {
			return new Redemption.Reused(family);
		}
		return new Redemption.Rejected();
	}

	/**
	 * Revokes the family of any token it ever issued; answers the family, or null for tokens not from here.
	 */
	@Nullable RefreshTokenFamily revoke(String token) {
		RefreshTokenCodec.Decoded decoded = this.codec.decode(token);
		RefreshTokenFamily family = (decoded != null) ? this.families.get(decoded.sid()) : null;
		if (family != null) {
			family.revoke();
		}
		return family;
	}

	void revokeFamily(String sid) {
		RefreshTokenFamily family = this.families.get(sid);
		if (family != null) {
			family.revoke();
		}
	}

	boolean isRevoked(String sid) {
		RefreshTokenFamily family = this.families.get(sid);
		return family != null && family.isRevoked();
	}

}
