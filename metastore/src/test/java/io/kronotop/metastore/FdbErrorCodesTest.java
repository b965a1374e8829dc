package io.kronotop.metastore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FdbErrorCodesTest {
    @Test
    void shouldClassifyCodesLikeFdbErrorPredicate() {
        assertThat(FdbErrorCodes.name(1020)).isEqualTo("not_committed");
        assertThat(FdbErrorCodes.name(2108)).isEqualTo("unsupported_operation");
        assertThat(FdbErrorCodes.isRetryable(1020)).isTrue();
        assertThat(FdbErrorCodes.isRetryable(1021)).isTrue();
        assertThat(FdbErrorCodes.isRetryable(1007)).isTrue();
        assertThat(FdbErrorCodes.isRetryable(1031)).isFalse();
        assertThat(FdbErrorCodes.isRetryable(2101)).isFalse();
        assertThat(FdbErrorCodes.isMaybeCommitted(1021)).isTrue();
        assertThat(FdbErrorCodes.isMaybeCommitted(1020)).isFalse();
        assertThat(FdbErrorCodes.isRetryableNotCommitted(1020)).isTrue();
        assertThat(FdbErrorCodes.isRetryableNotCommitted(1021)).isFalse();
    }
}
