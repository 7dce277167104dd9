package dev.sessiongate.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

import org.springframework.stereotype.Component;

/**
 * Turns a successful token response, as the SDK parsed it, into a {@link TokenSet}. The
 * access token may be a JWT or opaque (Auth0 without an audience, Google, Entra ID for
 * Graph): its expiry comes from {@code expires_in}, from its own {@code exp} when it is a
 * JWT, or from {@code sessiongate.refresh.default-token-lifetime} when neither says. A
 * response without a refresh token is normal for IdPs that never rotate: the session
 * keeps the one it has ({@link TokenSet#refreshedWith}).
 */
@Component
class TokenResponses {

	private final Clock clock;

	private final TokenLifetimeProperties lifetime;

	TokenResponses(Clock clock, TokenLifetimeProperties lifetime) {
		this.clock = clock;
		this.lifetime = lifetime;
	}

	TokenResponse of(AccessTokenResponse response) {
		Tokens tokens = response.getTokens();
		AccessToken access = tokens.getAccessToken();
		String idToken = (tokens instanceof OIDCTokens oidc && oidc.getIDTokenString() != null)
				? oidc.getIDTokenString() : null;
		TokenSet set = new TokenSet(access.getValue(), expiry(access),
				(tokens.getRefreshToken() != null) ? tokens.getRefreshToken().getValue() : null, idToken);
		return new TokenResponse(set, (access.getScope() != null) ? access.getScope().toString() : null);
	}

	/**
	 * When the access token expires: the earlier of {@code expires_in} (counted from when the
	 * answer arrived, so late by however long it took) and the token's own {@code exp} when it
	 * is a JWT. An answer that arrives late (a slow IdP, a held connection) would otherwise make
	 * the gateway relay a token the API already refuses as expired.
	 */
	private Instant expiry(AccessToken access) {
		Instant now = this.clock.instant();
		// The SDK reads a missing expires_in as 0.
		Instant fromExpiresIn = (access.getLifetime() > 0) ? now.plusSeconds(access.getLifetime()) : null;
		Instant fromJwt = jwtExpiry(access.getValue());
		if (fromExpiresIn != null && fromJwt != null) {
			return fromJwt.isBefore(fromExpiresIn) ? fromJwt : fromExpiresIn;
		}
		if (fromExpiresIn != null) {
			return fromExpiresIn;
		}
		return (fromJwt != null) ? fromJwt : now.plus(this.lifetime.defaultTokenLifetime());
	}

	private static Instant jwtExpiry(String accessToken) {
		try {
			Date exp = JWTParser.parse(accessToken).getJWTClaimsSet().getExpirationTime();
			return (exp != null) ? exp.toInstant() : null;
		}
		catch (ParseException | RuntimeException ex) {
			// An opaque access token (or a JWE we cannot read): expires_in or the default decides.
			return null;
		}
	}

}
