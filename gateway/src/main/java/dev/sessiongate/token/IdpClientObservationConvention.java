package dev.sessiongate.token;

import dev.sessiongate.observability.GatewayMeters;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;

/**
 * Calls to the IdP as {@code sessiongate.idp.requests}, tagged by endpoint ({@code token},
 * {@code revocation}, {@code jwks}, {@code discovery}), outcome, status and exception.
 * Not the URI: endpoint URLs differ per IdP, the endpoint names do not, so one dashboard
 * fits every installation.
 */
final class IdpClientObservationConvention extends DefaultClientRequestObservationConvention {

	IdpClientObservationConvention() {
		super(GatewayMeters.IDP_REQUESTS);
	}

	@Override
	public String getContextualName(ClientRequestObservationContext context) {
		return "idp " + endpoint(context).getValue();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClientRequestObservationContext context) {
		return KeyValues.of(endpoint(context), outcome(context), status(context), exception(context));
	}

	private static KeyValue endpoint(ClientRequestObservationContext context) {
		ClientRequest request = context.getRequest();
		Object endpoint = (request != null) ? request.attribute(IdpEndpoint.ATTRIBUTE).orElse(null) : null;
		return KeyValue.of(GatewayMeters.ENDPOINT, (endpoint instanceof IdpEndpoint named) ? named.tag() : "other");
	}

}
