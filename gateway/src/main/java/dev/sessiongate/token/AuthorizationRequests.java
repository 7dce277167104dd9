package dev.sessiongate.token;

import java.net.URI;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.sessiongate.observability.FailureLog;
import dev.sessiongate.token.OidcProperties.PushedAuthorizationRequests;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The URL a login sends the user to: an OpenID Connect authentication request (Nimbus SDK
 * {@link AuthenticationRequest}: code flow, PKCE S256, {@code state}, {@code nonce}, the
 * configured scopes and {@code authorization-parameters}). When pushed (RFC 9126), the
 * parameters go to the IdP over the back channel, authenticated as at the token endpoint,
 * and the URL carries only the client id and the {@code request_uri} the IdP handed back,
 * so nothing in it can be changed on the way.
 */
@Component
public class AuthorizationRequests {

	private final ProviderMetadataSource metadata;

	private final ClientCredentials credentials;

	private final OidcProperties properties;

	AuthorizationRequests(ProviderMetadataSource metadata, ClientCredentials credentials, OidcProperties properties) {
		this.metadata = metadata;
		this.credentials = credentials;
		this.properties = properties;
	}

	/** The authorization URL of a login with these values; an {@link IdentityProviderException} when the IdP fails. */
	public Mono<String> authorizationUrl(String redirectUri, String state, String nonce, String codeVerifier) {
		return this.metadata.get().flatMap(provider -> {
			AuthenticationRequest request = request(provider, redirectUri, state, nonce, codeVerifier);
			return pushed(provider) ? push(provider, request) : Mono.just(request.toURI().toString());
		}).onErrorMap(IdentityProviderException::unavailable);
	}

	private AuthenticationRequest request(ProviderMetadata provider, String redirectUri, String state, String nonce,
			String codeVerifier) {
		AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
				new Scope(this.properties.scopes().toArray(String[]::new)), new ClientID(this.properties.clientId()),
				URI.create(redirectUri))
			.endpointURI(provider.authorizationEndpoint())
			.state(new State(state))
			.nonce(new Nonce(nonce))
			.codeChallenge(new CodeVerifier(codeVerifier), CodeChallengeMethod.S256);
		this.properties.authorizationParameters().forEach(request::customParameter);
		return request.build();
	}

	private boolean pushed(ProviderMetadata provider) {
		PushedAuthorizationRequests mode = this.properties.pushedAuthorizationRequests();
		if (mode == PushedAuthorizationRequests.REQUIRED) {
			if (provider.pushedAuthorizationRequestEndpoint() == null) {
				FailureLog.IDENTITY_PROVIDER.record(AuthorizationRequests.class,
						"sessiongate.oidc.pushed-authorization-requests is required, but the IdP's discovery "
								+ "document names no pushed_authorization_request_endpoint");
				throw new IllegalStateException("no PAR endpoint");
			}
			return true;
		}
		return mode == PushedAuthorizationRequests.AUTO && provider.pushedAuthorizationRequestEndpoint() != null;
	}

	private Mono<String> push(ProviderMetadata provider, AuthenticationRequest request) {
		URI endpoint = this.credentials.pushedAuthorizationRequestEndpoint(provider);
		PushedAuthorizationRequest pushed = new PushedAuthorizationRequest(endpoint,
				this.credentials.authentication(provider, endpoint), request);
		return IdpHttp.exchange(this.credentials.client(), pushed.toHTTPRequest(),
				IdpEndpoint.PUSHED_AUTHORIZATION_REQUEST)
			.map(answer -> reference(provider, answer));
	}

	/** The front-channel URL that names the pushed request: client id and {@code request_uri} only. */
	private String reference(ProviderMetadata provider, HTTPResponse answer) {
		PushedAuthorizationResponse response;
		try {
			response = PushedAuthorizationResponse.parse(answer);
		}
		catch (ParseException ex) {
			FailureLog.IDENTITY_PROVIDER.record(AuthorizationRequests.class,
					"PAR endpoint answered " + answer.getStatusCode() + " with an unreadable body");
			throw new IllegalStateException("unreadable PAR response");
		}
		if (!response.indicatesSuccess()) {
			ErrorObject error = response.toErrorResponse().getErrorObject();
			String code = (error != null) ? error.getCode() : null;
			FailureLog.IDENTITY_PROVIDER.record(AuthorizationRequests.class, "PAR endpoint answered "
					+ answer.getStatusCode() + " " + TokenEndpointErrors.describe(code, this.credentials.method(provider)));
			throw new IllegalStateException(TokenEndpointErrors.safe(code));
		}
		return new AuthorizationRequest.Builder(response.toSuccessResponse().getRequestURI(),
				new ClientID(this.properties.clientId()))
			.endpointURI(provider.authorizationEndpoint())
			.build()
			.toURI()
			.toString();
	}

}
