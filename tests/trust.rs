//! Trust in batch runs (issue 12): outputs mirror the inputs and never
//! overwrite each other, and traditional-script pages are never converted to
//! simplified characters. Inputs are written for the test.

use assert_cmd::Command;
use std::fs;

fn jiaodui() -> Command {
    Command::cargo_bin("jiaodui").unwrap()
}

#[test]
fn fix_output_mirrors_the_input_tree() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("archive");
    for issue in ["1998-01-01", "1998-01-02"] {
        fs::create_dir_all(input.join(issue)).unwrap();
        for page in ["p01.md", "p02.md"] {
            fs::write(input.join(issue).join(page), format!("# {issue} {page}\n\n本报讯 送上贴心贴心的服务。\n")).unwrap();
        }
    }
    let out = dir.path().join("out");
    jiaodui().arg("fix").arg("--output").arg(&out).arg(&input).assert().code(0);
    for issue in ["1998-01-01", "1998-01-02"] {
        for page in ["p01.md", "p02.md"] {
            let fixed = fs::read_to_string(out.join(issue).join(page)).unwrap();
            assert_eq!(fixed, format!("# {issue} {page}\n\n本报讯 送上贴心的服务。\n"));
        }
    }
    // Two named pages that would land on one output file: refused, nothing written.
    let out2 = dir.path().join("out2");
    let a = input.join("1998-01-01/p01.md");
    let b = input.join("1998-01-02/p01.md");
    let assert = jiaodui().arg("fix").arg("--output").arg(&out2).arg(&a).arg(&b).assert().code(64);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("would both be written"), "{err}");
    assert!(!out2.exists());
    // A page named alone goes to its file name.
    jiaodui().arg("fix").arg("--output").arg(&out2).arg(&a).assert().code(0);
    assert!(out2.join("p01.md").is_file());
}

/// Written for this test: a traditional-script report with a paragraph split
/// by a column break (`展開討` / `論`).
const TRADITIONAL: &str = "# 兩岸經濟交流會議在臺北舉行\n\n本報訊 來自兩岸的企業代表昨天在臺北舉行經濟交流會議，與會者認為，雙方應當堅持互利合作，進一步擴大貿易往來。會議由臺灣經濟研究院主辦，吸引了三百多位企業界人士參加，大家圍繞產業合作、人才交流等議題展開討\n\n論，氣氛熱烈。主辦單位表示，這次會議為兩岸企業搭建了溝通的平臺，今後將每年舉辦一次。\n\n與會的一位企業負責人說，近年來兩岸經貿關係發展很快，很多企業都從中受益，他希望雙方能夠繼續堅持開放，為企業創造更好的環境。\n";

#[test]
fn traditional_pages_are_never_converted() {
    let dir = tempfile::tempdir().unwrap();
    let joined = TRADITIONAL.replace("展開討\n\n論", "展開討論");
    let utf8 = dir.path().join("utf8/p01.md");
    let big5 = dir.path().join("big5/p01.md");
    fs::create_dir_all(utf8.parent().unwrap()).unwrap();
    fs::create_dir_all(big5.parent().unwrap()).unwrap();
    fs::write(&utf8, TRADITIONAL).unwrap();
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(TRADITIONAL);
    assert!(!unmappable);
    fs::write(&big5, &bytes).unwrap();

    let out = jiaodui().args(["check", "--format", "json"]).arg(&utf8).arg(&big5).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("ocr_confusion"), "{stdout}");
    assert_eq!(stdout.matches("\"kind\":\"join\"").count(), 2, "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 page(s) in traditional script"));

    // The join is made in both, every other character stays, and the Big5 page stays Big5.
    jiaodui().arg("fix").arg("--min-confidence").arg("0").arg(&utf8).arg(&big5).assert().code(0);
    assert_eq!(fs::read_to_string(&utf8).unwrap(), joined);
    let written = fs::read(&big5).unwrap();
    let (back, _, malformed) = encoding_rs::BIG5.decode(&written);
    assert!(!malformed);
    assert_eq!(back, joined);
}

#[test]
fn traditional_names_in_simplified_text_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    // A simplified report quoting a traditional title: the quote is not "fixed".
    let text = "# 读书\n\n本报讯 他说，自己年轻时最爱读《參考消息》的副刊，也常常参加读书会的活动。\n";
    fs::write(&page, text).unwrap();
    jiaodui().arg("fix").arg("--min-confidence").arg("0").arg(&page).assert().code(0);
    assert_eq!(fs::read_to_string(&page).unwrap(), text);
}
