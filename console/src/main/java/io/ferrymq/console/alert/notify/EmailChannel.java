package io.ferrymq.console.alert.notify;

import io.ferrymq.console.alert.AlertSettings;
import io.ferrymq.console.alert.Notification;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Date;
import java.util.Properties;

/**
 * Sends a notification as a plain-text mail over SMTP with Jakarta Mail (Eclipse Angus): STARTTLS (required when
 * chosen) or TLS from the first byte, optional authentication, timeouts on connect, read and write. Used by the
 * notification worker only.
 */
public final class EmailChannel implements Channel {
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String consoleUrl;
    private final String describe;

    public EmailChannel(AlertSettings s) {
        String host = s.get(AlertSettings.SMTP_HOST);
        int port = s.get(AlertSettings.SMTP_PORT);
        String timeout = Long.toString(s.get(AlertSettings.NOTIFY_TIMEOUT));
        Properties p = new Properties();
        AlertSettings.MailSecurity sec = s.get(AlertSettings.SMTP_SECURITY);
        // One protocol name for all three modes: Transport.send picks the "smtp" transport for mail addresses, so
        // TLS from the first byte is mail.smtp.ssl.enable rather than the separate "smtps" protocol.
        String proto = "smtp";
        if (sec == AlertSettings.MailSecurity.TLS) {
            p.put("mail.smtp.ssl.enable", "true");
        }
        p.put("mail." + proto + ".host", host);
        p.put("mail." + proto + ".port", Integer.toString(port));
        p.put("mail." + proto + ".connectiontimeout", timeout);
        p.put("mail." + proto + ".timeout", timeout);
        p.put("mail." + proto + ".writetimeout", timeout);
        if (sec == AlertSettings.MailSecurity.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (sec != AlertSettings.MailSecurity.NONE) {
            p.put("mail." + proto + ".ssl.checkserveridentity", "true");
            if (s.get(AlertSettings.SMTP_TRUST_ALL)) {
                p.put("mail." + proto + ".ssl.trust", "*");
                p.put("mail." + proto + ".ssl.checkserveridentity", "false");
            }
        }
        String user = s.get(AlertSettings.SMTP_USER);
        Authenticator auth = null;
        if (user != null) {
            p.put("mail." + proto + ".auth", "true");
            String password = s.get(AlertSettings.SMTP_PASSWORD);
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
        try {
            this.from = new InternetAddress(s.get(AlertSettings.MAIL_FROM), true);
            this.to = InternetAddress.parse(String.join(",", s.mailTo()), true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("alert.mail.from / alert.mail.to: " + e.getMessage(), e);
        }
        this.consoleUrl = s.get(AlertSettings.CONSOLE_URL);
        this.describe = "email " + String.join(",", s.mailTo()) + " via " + host + ":" + port + " (" + sec + ")";
    }

    @Override
    public String name() {
        return describe;
    }

    @Override
    public void send(Notification n) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(NotificationText.subject(n), "UTF-8");
        m.setText(NotificationText.text(n, consoleUrl), "UTF-8");
        m.setSentDate(new Date(n.createdAt()));
        m.setHeader("X-FerryMQ-Notification", Long.toString(n.id()));
        Transport.send(m);
    }
}
