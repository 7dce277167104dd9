package dev.sessiongate.token;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Reads the IdP's discovery document as soon as the gateway has started, without waiting
 * for it: the instance becomes ready (see {@link DiscoveryHealthIndicator}) without a login
 * or a probe having to ask first, and holds the document before the IdP can fail. If the
 * IdP does not answer now, the next probe or login asks again.
 */
@Component
class DiscoveryAtStartup implements ApplicationListener<ApplicationReadyEvent> {

	private final ProviderMetadataSource metadata;

	DiscoveryAtStartup(ProviderMetadataSource metadata) {
		this.metadata = metadata;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.metadata.get().onErrorComplete().subscribe();
	}

}
