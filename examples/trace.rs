//! Plays one campaign with a policy and prints what happened each turn (a tool for tuning).
//! Usage: cargo run --example trace -- SCENARIO POLICY SEED [DATA_DIR]

use article_five::scenario;
use article_five::sim::Campaign;
use article_five::sim::describe::news_text;
use article_five::sim::policy;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scenario_id = args.get(1).map_or("founding", String::as_str);
    let policy_name = args.get(2).map_or("historical", String::as_str);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let data = args.get(4).map_or_else(scenario::default_data_dir, std::path::PathBuf::from);
    let catalog = scenario::load_catalog(&data);
    if catalog.diags.has_errors() {
        eprint!("{}", catalog.diags.render_all());
    }
    let Some(content) = catalog.scenario(scenario_id) else {
        eprintln!("no scenario '{scenario_id}'");
        std::process::exit(2);
    };
    let mut campaign = Campaign::new(content.clone(), seed, content.scenario.default_difficulty);
    let mut player = policy::policy_by_name(policy_name, seed).expect("known policy");
    while !campaign.is_over() {
        let turn = campaign.state().turn;
        policy::play_turn(&mut campaign, player.as_mut());
        let s = campaign.state();
        let report = s.reports.last().expect("a report per turn");
        let a = &s.alliance;
        println!(
            "turn {turn} {}: coh {:.0} det {:.0} cred {:.0} cap {:.0} leg {:.0} burden {:.0} | adv str {:.0} int {:.0}",
            report.date.map(|d| d.to_string()).unwrap_or_default(),
            a.cohesion,
            a.deterrence,
            a.credibility,
            a.capital,
            a.legitimacy,
            a.burden_sharing,
            s.adversary.strength,
            s.adversary.intent
        );
        for n in &report.news {
            println!("    {}", news_text(content, n));
        }
    }
    println!("{:?}", campaign.state().ending);
    let score = campaign.score();
    for line in &score.lines {
        println!("  {:>6.0}  {}", line.points, line.label);
    }
    println!("  {:>6.0}  total", score.total);
}
