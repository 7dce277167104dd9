package dev.sessiongate.config;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.validation.Validator;

/** Every {@code sessiongate.*} settings class is checked by {@link SettingsValidator} as it binds. */
@Configuration(proxyBeanMethods = false)
class SettingsValidation {

	/** Spring Boot applies the bean of this name to every settings class; static, as binding needs it early. */
	@Bean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Validator configurationPropertiesValidator() {
		return new SettingsValidator();
	}

}
