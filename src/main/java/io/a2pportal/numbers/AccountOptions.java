package io.a2pportal.numbers;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The options of the Active Numbers account filter, drawn once for each distinct list of choices and
 * kept. A tree of 500 subaccounts draws 500 options on every page and page turn, which cost more than
 * the rest of the page; the choices are read from the database for every page all the same, and are
 * the key, so a renamed, added or chosen account is a new list and is drawn afresh.
 */
@ApplicationScoped
public class AccountOptions {

    private final Cache<List<AccountChoice>, String> drawn = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    /** The {@code <option>} elements of these choices, as HTML. */
    public String html(List<AccountChoice> choices) {
        return drawn.get(List.copyOf(choices), key -> NumbersResource.Templates.accountOptions(key).render());
    }
}
