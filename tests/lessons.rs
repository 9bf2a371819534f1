//! Every workshop lesson reads; its reference rule solves its exercise, the
//! visible and the hidden cases, while the starter rule does not (otherwise
//! there is nothing to learn); and the rules a learner might try that only
//! look right (too broad, reading the test comments, another id) are turned
//! down for the right reason. `scripts/check_lessons.py` checks the same
//! cases under the real Semgrep.

use flasklight::cli::test_one;
use flasklight::engine::annotations::{self, Problem};
use flasklight::engine::session::Session;
use flasklight::lessons::{self, grade, Grade, Lesson};

fn all() -> Vec<Lesson> {
    let (all, errors) = lessons::all();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(all.len() >= 12, "only {} lessons", all.len());
    all
}

fn lesson(id: &str) -> Lesson {
    all().into_iter().find(|l| l.id == id).unwrap_or_else(|| panic!("no lesson {id}"))
}

fn try_rule(lesson: &Lesson, rule: &str) -> Grade {
    grade(&mut Session::new(), &lesson.exercise, rule)
}

/// The reference rule with its first `from` replaced by `to`.
fn reference_with(lesson: &Lesson, from: &str, to: &str) -> String {
    let rule = lesson.exercise.reference_rule.replacen(from, to, 1);
    assert_ne!(rule, lesson.exercise.reference_rule, "{from:?} not in the reference rule");
    rule
}

#[test]
fn reference_rules_solve_their_exercises_and_starter_rules_do_not() {
    let mut problems = Vec::new();
    for lesson in all() {
        let exercise = &lesson.exercise;
        let count = |code: &str, kind: &str| code.matches(&format!("# {kind}: exercise")).count();
        if count(&exercise.code, "ruleid") < 3 || count(&exercise.code, "ok") < 2 {
            problems.push(format!("{}: the exercise needs 3 ruleid and 2 ok lines", lesson.id));
        }
        if count(&exercise.hidden, "ruleid") < 2 || count(&exercise.hidden, "ok") < 2 {
            problems.push(format!("{}: the hidden cases need 2 ruleid and 2 ok lines", lesson.id));
        }
        // Through `flasklight test` as well as the grade: one verdict for both.
        for code in [&exercise.code, &exercise.hidden] {
            for (id, failures) in test_one(&exercise.reference_rule, code) {
                if !failures.is_empty() {
                    problems.push(format!("{} reference rule ({id}): {}", lesson.id, failures.join("; ")));
                }
            }
        }
        let reference = try_rule(&lesson, &exercise.reference_rule);
        if !reference.solved() {
            problems.push(format!("{}: the reference rule does not solve it: {reference:?}", lesson.id));
        }
        if try_rule(&lesson, &exercise.starter_rule).solved() {
            problems.push(format!("{}: the starter rule already solves it", lesson.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let orders: Vec<u32> = all().iter().map(|l| l.order).collect();
    let mut sorted = orders.clone();
    sorted.dedup();
    assert_eq!(orders, sorted, "lesson orders must be unique");
}

#[test]
fn an_over_broad_rule_is_turned_down_for_its_extra_line() {
    let lesson = lesson("debug-mode");
    let rule = reference_with(&lesson, "pattern-either:\n", "pattern-either:\n      - pattern: Flask(...)\n");
    let graded = try_rule(&lesson, &rule);
    assert!(!graded.solved());
    let unexpected: Vec<u32> =
        graded.visible.problems.iter().filter_map(|p| matches!(p, Problem::Unexpected { .. }).then_some(p.line())).collect();
    assert_eq!(unexpected, vec![4, 5], "{graded:?}");
    assert!(!graded.reads_comments && graded.wrong_ids.is_empty());
}

#[test]
fn a_rule_that_reads_the_annotation_comments_is_turned_down() {
    let lesson = lesson("debug-mode");
    // Finds exactly the line after each `# ruleid: exercise`: passes the visible lines as semgrep --test reads them.
    let rule = "rules:\n  - id: exercise\n    languages: [python]\n    severity: WARNING\n    message: m\n    pattern-regex: '(?<=# ruleid: exercise\\n)\\S[^\\n]*'\n";
    let graded = try_rule(&lesson, rule);
    assert!(graded.visible.passed(), "{:?}", graded.visible);
    assert!(graded.reads_comments);
    assert!(graded.hidden_failed >= 2, "{graded:?}");
    assert!(!graded.solved());
}

#[test]
fn a_rule_with_another_id_is_named_as_such() {
    let lesson = lesson("debug-mode");
    let rule = reference_with(&lesson, "id: exercise", "id: debug-on");
    let graded = try_rule(&lesson, &rule);
    assert_eq!(graded.wrong_ids, vec!["debug-on".to_string()]);
    assert!(graded.visible.mismatch.is_some());
    assert!(!graded.solved());
}

#[test]
fn rules_that_fit_only_the_visible_lines_fail_hidden_cases() {
    // SQL through a variable: executing any variable built by formatting, whether or not request data is in it.
    let sql = lesson("sql-injection-through-variable");
    let unlinked = "rules:\n  - id: exercise\n    languages: [python]\n    severity: ERROR\n    message: m\n    patterns:\n      - pattern-inside: |\n          $Q = <... $X ...>\n          ...\n      - pattern: $DB.execute($Q)\n      - pattern-not-inside: |\n          $Q = \"...\"\n          ...\n";
    let graded = try_rule(&sql, unlinked);
    assert!(graded.visible.passed(), "{:?}", graded.visible);
    assert!(graded.hidden_failed >= 1 && !graded.solved(), "{graded:?}");
    // Debug mode: only the exact calls of the exercise.
    let debug = lesson("debug-mode");
    let literal = "rules:\n  - id: exercise\n    languages: [python]\n    severity: WARNING\n    message: m\n    pattern-either:\n      - pattern: app.run(..., debug=True, ...)\n      - pattern: application.run(..., debug=True)\n      - pattern: app.run(use_debugger=True, ...)\n";
    let graded = try_rule(&debug, literal);
    assert!(graded.visible.passed(), "{:?}", graded.visible);
    assert!(graded.hidden_failed >= 2 && !graded.solved(), "{graded:?}");
}

#[test]
fn hidden_cases_are_checked_without_their_comments() {
    for lesson in all() {
        let blank = annotations::without_annotations(&lesson.exercise.hidden);
        assert!(annotations::parse(&blank).is_empty(), "{}", lesson.id);
        assert_eq!(blank.lines().count(), lesson.exercise.hidden.lines().count());
    }
}
