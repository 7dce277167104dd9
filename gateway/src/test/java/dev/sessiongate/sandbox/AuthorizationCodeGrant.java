package dev.sessiongate.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * {@code grant_type=authorization_code} with PKCE S256 (RFC 7636); each exchange starts a refresh-token family.
 */
final class AuthorizationCodeGrant {

	private final AuthorizationCodes codes;

	private final RefreshTokenFamilies families;

	private final SandboxTokenIssuer issuer;

	AuthorizationCodeGrant(AuthorizationCodes codes, RefreshTokenFamilies families, SandboxTokenIssuer issuer) {
		this.codes = codes;
		this.families = families;
		this.issuer = issuer;
	}

	OAuthResponse exchange(Map<String, String> form) {
		String code = form.get("code");
		String redirectUri = form.get("redirect_uri");
		String verifier = form.get("code_verifier");
		if (code == null || redirectUri == null || verifier == null) {
			return OAuthResponse.invalidRequest();
		}
		AuthorizationRequest request = this.codes.redeem(code);
		if (request == null || !request.redirectUri().equals(redirectUri)
				|| !request.codeChallenge().equals(challenge(verifier))) {
			return OAuthResponse.invalidGrant();
		}
		RefreshTokenFamily family = this.families.start(request.subject(), request.scope(), request.authTime());
		this.codes.bind(code, family.sid());
		return OAuthResponse
			.ok(this.issuer.tokenResponse(family, this.families.currentToken(family), request.nonce()));
	}

	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

}
