package io.ferrymq.client.admin;

import io.ferrymq.client.ClientConfig;

/** Settings of an {@link AdminClient}: only the common ones of {@link ClientConfig}. */
public final class AdminConfig extends ClientConfig<AdminConfig> {
}
