package io.ferrymq.console.alert.hint;

import java.util.List;

/**
 * A "what to do" card for a problem: what is wrong, the evidence (figures and since when), the likely cause, the
 * next step, and links to the page where a safe action can be taken.
 *
 * @param problem  short id of the problem (a condition id, or a problem only the hints detect)
 * @param title    one line
 * @param what     what is wrong, naming the target
 * @param evidence figures behind it
 * @param cause    the likely cause
 * @param next     the next step
 * @param actions  links into the console (UI routes such as {@code #/groups/orders})
 */
public record Hint(String problem, String title, String what, List<String> evidence, String cause, String next,
                   List<Action> actions) {

    /** A link to the page where the next step is taken. */
    public record Action(String label, String href) {
    }
}
