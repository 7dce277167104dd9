package dev.sessiongate.sandbox;

import java.util.Map;

/**
 * {@code grant_type=refresh_token}: rotates the token (when configured) and revokes the family on reuse.
 */
final class RefreshTokenGrant {

	private final RefreshTokenFamilies families;

	private final SandboxTokenIssuer issuer;

	private final IdpCounters counters;

	RefreshTokenGrant(RefreshTokenFamilies families, SandboxTokenIssuer issuer, IdpCounters counters) {
		this.families = families;
		this.issuer = issuer;
		this.counters = counters;
	}

	OAuthResponse refresh(Map<String, String> form) {
		String token = form.get("refresh_token");
		if (token == null) {
			return OAuthResponse.invalidRequest();
		}
		Redemption redemption = this.families.redeem(token);
		if (redemption instanceof Redemption.Redeemed redeemed) {
			this.counters.refreshed(redeemed.family().sid());
			return OAuthResponse.ok(this.issuer.tokenResponse(redeemed.family(), redeemed.refreshToken(), null));
		}
		if (redemption instanceof Redemption.Reused) {
			this.counters.reuseDetected();
		}
		this.counters.refreshRejected();
		return OAuthResponse.invalidGrant();
	}

}
