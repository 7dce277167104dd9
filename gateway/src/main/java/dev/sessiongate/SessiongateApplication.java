package dev.sessiongate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sessiongate Backend-for-Frontend gateway: sessions and tokens live in Redis,
 * clients hold only an opaque cookie.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SessiongateApplication {

	public static void main(String[] args) {
		SpringApplication.run(SessiongateApplication.class, args);
	}

}
