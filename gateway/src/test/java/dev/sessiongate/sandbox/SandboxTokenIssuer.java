package dev.sessiongate.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

/**
 * Mints the access, ID and logout tokens of the sandbox IdP.
 */
final class SandboxTokenIssuer {

	private static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final String issuer;

	private final SandboxIdp.Settings settings;

	private final JwtSigner signer;

	private final Clock clock;

	private final AtomicReference<Duration> accessTokenLifetime;

	private final AtomicReference<@Nullable IdTokenFlaw> nextFlaw = new AtomicReference<>();

	private final OpaqueTokens opaque;

	private volatile boolean keycloakSized;

	SandboxTokenIssuer(String issuer, SandboxIdp.Settings settings, JwtSigner signer, OpaqueTokens opaque) {
		this.opaque = opaque;
		this.issuer = issuer;
		this.settings = settings;
		this.signer = signer;
		this.clock = settings.clock();
		this.accessTokenLifetime = new AtomicReference<>(settings.accessTokenLifetime());
	}

	void accessTokenLifetime(Duration lifetime) {
		this.accessTokenLifetime.set(lifetime);
	}

	void keycloakSized(boolean sized) {
		this.keycloakSized = sized;
	}

	void nextIdTokenFlaw(IdTokenFlaw flaw) {
		this.nextFlaw.set(flaw);
	}

	/**
	 * The token endpoint's success body; the ID token carries the pending {@link IdTokenFlaw}, if any.
	 */
	Map<String, Object> tokenResponse(RefreshTokenFamily family, @Nullable String refreshToken,
			@Nullable String nonce) {
		SandboxTokens tokens = tokens(family, refreshToken, nonce, this.nextFlaw.getAndSet(null));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", tokens.accessToken());
		body.put("token_type", "Bearer");
		body.put("expires_in", tokens.expiresIn());
		if (refreshToken != null) {
			body.put("refresh_token", refreshToken);
		}
		body.put("id_token", tokens.idToken());
		body.put("scope", family.scope());
		return body;
	}

	SandboxTokens tokens(RefreshTokenFamily family, @Nullable String refreshToken, @Nullable String nonce,
			@Nullable IdTokenFlaw flaw) {
		Instant now = this.clock.instant();
		Duration lifetime = this.accessTokenLifetime.get();
		return new SandboxTokens(accessToken(family, now, lifetime), (refreshToken != null) ? refreshToken : "",
				idToken(family, nonce, now, flaw), lifetime.toSeconds(), family.sid(), family.subject());
	}

	String logoutToken(@Nullable String subject, @Nullable String sid) {
		Instant now = this.clock.instant();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(this.settings.clientId())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
			.jwtID(SandboxHttp.randomId())
			.claim("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of()));
		if (subject != null) {
			claims.subject(subject);
		}
		if (sid != null) {
			claims.claim("sid", sid);
		}
		return this.signer.signIdToken(claims.build().toJSONObject());
	}

	private String accessToken(RefreshTokenFamily family, Instant now, Duration lifetime) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(family.subject())
			.audience(this.settings.clientId())
			.claim("azp", this.settings.clientId())
			.claim("client_id", this.settings.clientId())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(lifetime)))
			.jwtID(SandboxHttp.randomId())
			.claim("sid", family.sid())
			.claim("scope", family.scope())
			.build();
		if (this.settings.quirks().opaqueAccessTokens()) {
			return this.opaque.issue(claims);
		}
		if (this.keycloakSized) {
			Map<String, Object> sized = new LinkedHashMap<>(claims.toJSONObject());
			sized.putAll(KeycloakSizes.accessClaims(this.issuer, this.settings.clientId()));
			this.settings.userClaims(family.subject()).forEach(sized::put);
			return KeycloakSizes.padded(sized, KeycloakSizes.ACCESS, this.signer::sign);
		}
		return this.signer.sign(claims);
	}

	private String idToken(RefreshTokenFamily family, @Nullable String nonce, Instant now,
			@Nullable IdTokenFlaw flaw) {
		boolean expired = flaw == IdTokenFlaw.EXPIRED;
		Instant issuedAt = expired ? now.minus(Duration.ofHours(2)) : now;
		Instant expiresAt = expired ? now.minus(Duration.ofHours(1)) : now.plus(this.settings.idTokenLifetime());
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
			.issuer((flaw == IdTokenFlaw.WRONG_ISSUER) ? "https://issuer.invalid" : this.issuer)
			.subject(family.subject())
			.claim("azp", this.settings.clientId())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.claim("auth_time", family.authTime().getEpochSecond())
			.claim("nonce", (flaw == IdTokenFlaw.WRONG_NONCE) ? "wrong-" + SandboxHttp.randomId() : nonce)
			.claim("sid", family.sid());
		this.settings.userClaims(family.subject()).forEach(claims::claim);
		Map<String, Object> payload = new LinkedHashMap<>(claims.build().toJSONObject());
		payload.put("aud", List.of((flaw == IdTokenFlaw.WRONG_AUDIENCE) ? "another-client" : this.settings.clientId()));
		if (this.keycloakSized && flaw == null) {
			payload.putAll(KeycloakSizes.idClaims());
			return KeycloakSizes.padded(payload, KeycloakSizes.ID, this.signer::sign);
		}
		return sign(payload, flaw);
	}

	private String sign(Map<String, Object> claims, @Nullable IdTokenFlaw flaw) {
		if (flaw == IdTokenFlaw.TAMPERED) {
			Map<String, Object> substitute = new LinkedHashMap<>(claims);
			substitute.put("sub", "mallory");
			return this.signer.tampered(claims, substitute);
		}
		if (flaw == IdTokenFlaw.ALG_NONE) {
			return this.signer.unsigned(claims);
		}
		if (flaw == IdTokenFlaw.SIGNED_BY_UNKNOWN_KEY) {
			return this.signer.signWithUnknownKey(claims);
		}
		if (flaw == IdTokenFlaw.UNADVERTISED_ALGORITHM) {
			return this.signer.signWithUnadvertisedAlgorithm(claims);
		}
		return this.signer.signIdToken(claims);
	}

}
