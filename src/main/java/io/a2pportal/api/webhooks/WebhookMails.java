package io.a2pportal.api.webhooks;

import java.util.List;

import io.a2pportal.accounts.Account;
import io.a2pportal.accounts.Membership;
import io.a2pportal.accounts.Role;
import io.a2pportal.mail.MailOutbox;
import io.a2pportal.mail.MailTemplates;
import io.a2pportal.web.PublicAddress;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/** The mail to an endpoint's owners when the portal disables it, HTML with a plain-text twin. */
@ApplicationScoped
public class WebhookMails {

    static final String DISABLED = "webhook-disabled";

    @CheckedTemplate
    static class Templates {
        static native MailTemplateInstance disabled(Endpoint endpoint, Account account, long hours, String link);
    }

    @Inject
    PublicAddress address;

    @Inject
    MailOutbox outbox;

    @Inject
    WebhooksConfig config;

    /** Mails the owners of the endpoint's account (the tree's parent for a tree's endpoint). */
    @Transactional(TxType.MANDATORY)
    void disabled(Endpoint endpoint) {
        Account account = Account.findById(endpoint.accountId == null ? endpoint.rootAccountId : endpoint.accountId);
        String link = address.url("/webhooks/" + endpoint.id);
        String subject = "Webhook endpoint disabled for " + account.name;
        List<Membership> owners = Membership.list("account.id = ?1 and role = ?2 and email is not null", account.id, Role.OWNER);
        for (Membership owner : owners) {
            // once per endpoint, failing period and owner
            String key = DISABLED + ":" + endpoint.id + ":" + (endpoint.failingSince == null ? 0 : endpoint.failingSince.toEpochMilli())
                    + ":" + owner.email;
            outbox.enqueue(key, DISABLED, owner.email, subject, link,
                    MailTemplates.text(Templates.disabled(endpoint, account, config.retryFor().toHours(), link)),
                    MailTemplates.html(Templates.disabled(endpoint, account, config.retryFor().toHours(), link)));
        }
    }
}
