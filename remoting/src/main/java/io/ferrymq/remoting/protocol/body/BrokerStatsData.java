package io.ferrymq.remoting.protocol.body;

/**
 * VIEW_BROKER_STATS_DATA answer: one statistic over the last minute, hour and day,
 * {"statsMinute":{"sum":..,"tps":..,"avgpt":..},"statsHour":{..},"statsDay":{..}}.
 */
public class BrokerStatsData {
    private BrokerStatsItem statsMinute = new BrokerStatsItem();
    private BrokerStatsItem statsHour = new BrokerStatsItem();
    private BrokerStatsItem statsDay = new BrokerStatsItem();

    public BrokerStatsData() {
    }

    public BrokerStatsData(BrokerStatsItem minute, BrokerStatsItem hour, BrokerStatsItem day) {
        this.statsMinute = minute;
        this.statsHour = hour;
        this.statsDay = day;
    }

    public BrokerStatsItem getStatsMinute() {
        return statsMinute;
    }

    public void setStatsMinute(BrokerStatsItem statsMinute) {
        this.statsMinute = statsMinute;
    }

    public BrokerStatsItem getStatsHour() {
        return statsHour;
    }

    public void setStatsHour(BrokerStatsItem statsHour) {
        this.statsHour = statsHour;
    }

    public BrokerStatsItem getStatsDay() {
        return statsDay;
    }

    public void setStatsDay(BrokerStatsItem statsDay) {
        this.statsDay = statsDay;
    }

    /** One window: the amount added ({@code sum}), per second ({@code tps}), per add call ({@code avgpt}). */
    public static class BrokerStatsItem {
        private long sum;
        private double tps;
        private double avgpt;

        public BrokerStatsItem() {
        }

        public BrokerStatsItem(long sum, double tps, double avgpt) {
            this.sum = sum;
            this.tps = tps;
            this.avgpt = avgpt;
        }

        public long getSum() {
            return sum;
        }

        public void setSum(long sum) {
            this.sum = sum;
        }

        public double getTps() {
            return tps;
        }

        public void setTps(double tps) {
            this.tps = tps;
        }

        public double getAvgpt() {
            return avgpt;
        }

        public void setAvgpt(double avgpt) {
            this.avgpt = avgpt;
        }

        @Override
        public String toString() {
            return "{sum=" + sum + ", tps=" + tps + ", avgpt=" + avgpt + '}';
        }
    }

    @Override
    public String toString() {
        return "BrokerStatsData{minute=" + statsMinute + ", hour=" + statsHour + ", day=" + statsDay + '}';
    }
}
