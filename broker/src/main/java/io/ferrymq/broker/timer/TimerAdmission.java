package io.ferrymq.broker.timer;

import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.common.Clock;

import java.util.Map;

/**
 * Decides on the send path whether a timer message is accepted and when it is due ({@code timerWheelEnable},
 * {@code timerMaxDelaySec}). {@link #REFUSE} is the rule of a broker without a timer wheel. Thread-safe.
 */
public final class TimerAdmission {
    /** Refuses every timer message (no wheel). */
    public static final TimerAdmission REFUSE = new TimerAdmission(null, null);

    private final BrokerConfig config;
    private final Clock clock;

    public TimerAdmission(BrokerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The due time of a message carrying TIMER_* properties, or why it is refused. */
    public TimerMessages.Due admit(Map<String, String> props) {
        if (config == null || !config.timerWheelEnable()) {
            return new TimerMessages.Due(0, "timer messages (setDelayTimeMs/setDeliverTimeMs) are disabled on this "
                    + "broker (timerWheelEnable=false); use a delay level instead");
        }
        return TimerMessages.dueTime(props, clock.currentTimeMillis(), config.timerMaxDelaySec() * 1000L);
    }
}
