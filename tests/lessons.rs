//! Every workshop lesson reads, and its reference rule passes its own exercise
//! while the starter rule does not (otherwise there is nothing to learn).

use flasklight::cli::test_one;
use flasklight::lessons;

#[test]
fn lessons_read_and_reference_rules_pass_their_exercises() {
    let (all, errors) = lessons::all();
    assert!(errors.is_empty(), "{errors:?}");
    if flasklight::bundled::LESSONS.is_empty() {
        eprintln!("no lessons yet");
        return;
    }
    assert!(all.len() >= 12, "only {} lessons", all.len());
    let mut problems = Vec::new();
    for lesson in &all {
        let code = &lesson.exercise.code;
        assert!(code.matches("# ruleid: exercise").count() >= 3, "{}: needs 3 ruleid lines", lesson.id);
        assert!(code.matches("# ok: exercise").count() >= 2, "{}: needs 2 ok lines", lesson.id);
        for (id, failures) in test_one(&lesson.exercise.reference_rule, code) {
            if !failures.is_empty() {
                problems.push(format!("{} reference rule ({id}): {}", lesson.id, failures.join("; ")));
            }
        }
        let starter = test_one(&lesson.exercise.starter_rule, code);
        if starter.iter().all(|(_, f)| f.is_empty()) {
            problems.push(format!("{}: the starter rule already passes", lesson.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let orders: Vec<u32> = all.iter().map(|l| l.order).collect();
    let mut sorted = orders.clone();
    sorted.dedup();
    assert_eq!(orders, sorted, "lesson orders must be unique");
}
