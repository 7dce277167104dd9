package dev.sessiongate.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromqlMetricNamesTests {

	@Test
	void ofWhenAnExpressionNestsFunctionsAndGroupingThenOnlyItsMetricsRemain() {
		assertThat(PromqlMetricNames.of("histogram_quantile(0.99, sum by (le, routeId) "
				+ "(rate(spring_cloud_gateway_requests_seconds_bucket{job=~\"$job\", uri=\"/a/b\"}[$__rate_interval]))) > 1"))
			.containsExactly("spring_cloud_gateway_requests_seconds_bucket");
	}

	@Test
	void ofWhenMetricsAreCombinedThenEachIsFound() {
		assertThat(PromqlMetricNames.of("min by (job) (up_metric{a=\"b\"}) == 0 or sum without (x) "
				+ "(rate(errors_total[5m] offset 1d)) / on (job) group_left other_metric > 0.05"))
			.containsExactly("up_metric", "errors_total", "other_metric");
	}

	@Test
	void ofWhenAGrafanaVariableListsLabelValuesThenItsMetricIsFound() {
		assertThat(PromqlMetricNames.of("label_values(sessiongate_refresh_joined_total{job=~\"$job\"}, instance)"))
			.containsExactly("sessiongate_refresh_joined_total");
	}

}
