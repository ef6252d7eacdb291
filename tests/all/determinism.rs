//! Same scenario, seed and commands: the same campaign, bit for bit, over many seeds.

use article_five::scenario;
use article_five::sim::{Campaign, policy};

#[test]
fn every_policy_is_deterministic_over_many_seeds() {
    let catalog = scenario::load_catalog(&super::shipped());
    for content in &catalog.scenarios {
        for name in policy::POLICY_NAMES {
            for seed in 0..40u64 {
                let play = || {
                    let mut c = Campaign::new(content.clone(), seed, content.scenario.default_difficulty);
                    let mut p = policy::policy_by_name(name, seed).unwrap();
                    policy::play(&mut c, p.as_mut());
                    c.state_hash()
                };
                assert_eq!(play(), play(), "{} {name} seed {seed}", content.scenario.id);
            }
        }
    }
}
