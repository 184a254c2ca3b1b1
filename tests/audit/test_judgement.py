"""An editor's judgement of a sentence stated without a source (kevidence.audit.kinds)."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kevidence.audit import kinds
from kevidence.audit.kinds import judge_sentence, propose_kind
from kevidence.audit.model import Severity
from kevidence.claims.model import ClaimKind


@pytest.mark.parametrize(("sentence", "severity"), [
    # Page furniture is not prose.
    ("Skip to main content", None),
    ("Fuller details can be found in the leaflet attached below.", None),
    ("The way we use patient data is changing: we aim to provide the highest care.", None),
    ("The guide below examines the success rate of a spinal cord stimulator.", None),
    ("This leaflet explains what a nerve block is.", None),
    # General statements are not reported.
    ("Chronic pain affects quality of life.", None),
    ("We offer epidural steroid injections for sciatica.", None),
    # Numbers and appeals to evidence: warnings, errors about the treatment's effect.
    ("About 75% of those with severe pain report difficulties with work.", Severity.WARNING),
    ("Side effects may affect up to 1 in 10 patients.", Severity.WARNING),
    ("In general, the long-term success rate of a cord stimulator ranges from 47% to 74%.", Severity.ERROR),
    ("Research has shown that they are also effective in helping pain.", Severity.ERROR),
    ("Pain relief lasting weeks to months", Severity.ERROR),
    # Clinical statements as fact: warnings; hedged, negated, conditional, instructions: info.
    ("Complications are extremely unlikely.", Severity.WARNING),
    ("Whilst it does not cure chronic pain, it can help to reduce your pain.", Severity.WARNING),
    # A share of patients without its figure ("a lot of people") is a statistic of the effect.
    ("It helps a lot of people with persistent pain but not everyone.", Severity.ERROR),
    ("You may need to continue treatment for several weeks before the benefits are felt.", Severity.INFO),
    ("If side effects do occur, it may mean that the dose is too high for you.", Severity.INFO),
    ("You should not drive if the treatment makes you drowsy or affects your safety.", Severity.INFO),
    ("It works by dampening down nerve signals.", Severity.INFO),
    ("TENS is a method of pain relief involving a mild electrical current.", Severity.INFO),
    ("The main side effects are:", Severity.INFO),
    # A reassurance stated as a certainty is a safety statement; a standing only evidence gives is an appeal.
    ("This is temporary and will resolve.", Severity.WARNING),
    ("It always recovers once the anaesthetic has worn off.", Severity.WARNING),
    ("Pulsed radiofrequency is a well-established treatment for joint and nerve pain.", Severity.WARNING),
    ("It has become a treatment of choice.", Severity.WARNING),
    ("It is especially good for nerve pain.", Severity.WARNING),
    ("With repeated use the nerve pain also decreases.", Severity.WARNING),
    # What promises nothing: a bare disclosure that side effects exist, a use or purpose, a definition
    # with a figure, research mentioned without a result, a success rate named without a figure.
    ("Amitriptyline can cause side effects.", Severity.INFO),
    ("These are usually minor but there are risks with this procedure.", Severity.INFO),
    ("They can be used together with other painkillers to improve your pain relief.", Severity.INFO),
    ("A facet joint injection is done to relieve back pain.", Severity.INFO),
    ("It is sold as a cream used to temporarily relieve muscle aches.", Severity.INFO),
    ("Diagnostically, it helps to confirm that the pain comes from the knee.", Severity.INFO),
    ("Persistent pain refers to pain that lasts beyond 3-6 months.", None),
    ("A number of studies have been performed on the efficacy of RF treatment.", Severity.INFO),
    ("As such, the success rates of spinal stimulators vary depending on the study.", Severity.INFO),
    # Explanations, negations and hedges.
    ("The electrical impulses can reduce the pain signals going to the brain, which may help relieve pain.",
     Severity.INFO),
    ("In some cases, there is no benefit.", Severity.INFO),
    ("The aim of the service is not to cure pain.", Severity.INFO),
    ("It is often possible to reduce pain by blocking signals from affected nerves.", Severity.INFO),
    # Instructions wherever they stand (typographic apostrophes too), and the reader's own history.
    ("During these 24 hours, you shouldn\u2019t drive or make important decisions.", Severity.INFO),
    ("Important: if you feel you are gaining good pain relief, stay at this dose.", Severity.INFO),
    ("Your doctor can give you information about the chances of a successful treatment.", Severity.INFO),
    ("You and your doctor think that you have had good pain relief, but the relief has worn off.", Severity.INFO),
    ("If the relief you had was good, the chances are that the treatment will work as well.", Severity.WARNING),
    # A frequency stated as fact, a promise of what the reader will feel, an unnamed observation.
    ("Infection \u2013 this is very rare.", Severity.WARNING),
    ("It is common to have localized pain at the needle puncture site.", Severity.WARNING),
    ("You will probably feel relief of pain within minutes of your injection.", Severity.WARNING),
    ("You will notice relief within 1-3 days after the injection.", Severity.ERROR),
    ("The goal is to provide relief, and for most patients this can be expected.", Severity.ERROR),
    ("It has been noted that pain and mood are closely linked.", Severity.WARNING),
    # Hours, days and spans in words are figures of an effect only: a stay or a condition is not.
    ("Your stay may be up to 2-4 hours.", None),
    ("Muscle spasms can be quite painful and may persist for weeks to months.", None),
    # Disclosures, aims and purposes, the service's work with the reader, an instruction mid-sentence.
    ("As with any procedure, there is a risk of infection and bleeding at the injection site.", Severity.INFO),
    ("The aim is to modify overactive nerves to reduce pain without causing damage to the nerve.", Severity.INFO),
    ("Patients can get a diagnostic block to determine if this will provide adequate relief.", Severity.INFO),
    ("Nerve blocks are often used to test the effectiveness of a more intensive treatment.", Severity.INFO),
    ("They work with you to understand and enhance the helpful ways you have of managing pain.", Severity.INFO),
    ("There is no known cure for chronic pain.", Severity.INFO),
    ("Before treatment you will need to provide assurance that someone is able to drive you home.", Severity.INFO),
    ("The therapy should mean that you can reduce the painkillers that you need to help with your pain.",
     Severity.WARNING),
    # Advice the service gives, doses, a purpose opening a clause, honest limits, disclosures naming side effects.
    ("We suggest that you avoid driving for at least 2 days after starting the medicine.", Severity.INFO),
    ("This can gradually be increased to 60mg taken at night, depending on effect and side effects.", Severity.INFO),
    ("For longer-term relief, the specialist may choose another procedure.", Severity.INFO),
    ("They are not expected to produce pain relief for more than a few hours.", Severity.INFO),
    ("Steroid side effects include swelling and raised blood sugar.", Severity.INFO),
    ("Common side effects include dizziness and weight gain.", Severity.WARNING),
    ("Like all procedures, it carries some risks, including:", Severity.INFO),
    ("Side effects are uncommon following the block; however, you may experience the following:", Severity.WARNING),
    ("The physician reviews your previous imaging studies to plan the injection.", None),
    ("This minimizes the need for oral pain medication.", Severity.WARNING),
    ("Such blocks can be very useful for treatment of complex regional pain syndrome.", Severity.WARNING),
    ("Drooping of the eyelid is expected and only temporary.", Severity.WARNING),
    ("The local anaesthetic normally only lasts a few hours to a few days.", Severity.ERROR),
])
def test_severity_as_an_editor_judges(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A figure broken across lines, a span of relief however worded, a range in words about an effect.
    ("Bleeding occurs in fewer than 1\nin 5000 injections.", Severity.WARNING),
    ("The benefit may last from a few days to a several months.", Severity.ERROR),
    ("Your pain should begin to improve over two to three weeks.", Severity.ERROR),
    ("The numbing effect will only last a few hours.", None),
    # An absolute promise is overstated, whatever hedge stands beside it.
    ("There is no possibility of becoming addicted, although you may feel drowsy.", Severity.WARNING),
    ("This is a completely safe procedure.", Severity.WARNING),
    # A judged rarity of a harm is a safety statement; "very rarely ... may" stays a disclosure.
    ("Permanent numbness of the scalp: very rare.", Severity.WARNING),
    ("Very rarely, the anaesthetic may spread to the legs.", None),
    ("Very rarely, it may cause a complication.", Severity.INFO),
    # The lack of evidence, a clinical study named without a reference.
    ("We cannot give exact figures as there is little published trial data.", Severity.INFO),
    ("In one clinical study, patients felt relief after a week.", Severity.ERROR),
    # A share of people named as "some", a hedge that spans a short clause, a condition opening a clause.
    ("Some people notice the benefit straight away.", Severity.INFO),
    ("Some patients who did not respond at first found relief after a second dose.", Severity.WARNING),
    ("It can confirm the source of the pain, and in some cases, relieve it.", Severity.INFO),
    ("The longer the pain has lasted, the less it may help, unless exercise is kept up to maintain the reduction.",
     Severity.INFO),
    # An instruction's figures, an enumeration of options, a disclosure, a service's name.
    ("Continue taking it for the first 6 weeks before judging how much relief it gives.", Severity.INFO),
    ("If it helps, you will be asked to continue with it for two to three months.", Severity.INFO),
    ("These include a graded pain free exercise programme and physiotherapy.", Severity.INFO),
    ("All procedures carry a risk of complications.", Severity.INFO),
    ("It can also cause the following side effects: \u2022 Nausea \u2022 Dizziness", Severity.INFO),
    ("Your treatment will be reviewed by the pain relief service.", None),
    ("A full list can be found in the leaflet that comes with the medicine.", None),
])
def test_what_a_sentence_asserts_not_how_it_is_worded(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # Harms disclosed or listed under a label, however many are named; a frequency said of them is a claim.
    ("With any procedure there are risks, side effects and possibility of complications.", Severity.INFO),
    ("There are some risks, bruising and soreness at the site.", Severity.INFO),
    ("Risks include infection or bleeding at the injection site.", Severity.INFO),
    ("Complications include bruising, soreness and a brief flare of pain.", Severity.INFO),
    ("Rare side effects: allergy and difficulty in breathing, muscle weakness.", Severity.INFO),
    ("Common side effects includes dizziness, coordination problems, weight gain, dry mouth.", Severity.WARNING),
    ("Their unwanted effects are not common and usually mild.", Severity.WARNING),
    # A negated harm reassures ("does not cause"); a negated promise ("does not work for everyone") hedges.
    ("Unlike tablets, it does not cause the drowsiness side effect.", Severity.WARNING),
    ("It does not work for everyone and side effects are possible.", Severity.INFO),
    # Who responds, when it starts working, what it prevents: the treatment's effect, stated as fact.
    ("There are several pain conditions which respond to these injections.", Severity.WARNING),
    ("The injection starts working about three days after the procedure.", Severity.ERROR),
    ("It prevents the development of headaches in most people.", Severity.ERROR),
    # A partial or comparative promise hedges; a reassurance that something will wear off does not.
    ("The injections can provide some pain relief for a while.", Severity.INFO),
    ("Botulinum toxin injections are more effective for some conditions than others.", Severity.INFO),
    ("Numbness in the legs that will wear off after several hours.", Severity.WARNING),
    ("The medication you received will wear off very quickly.", None),
    # Outcome words beyond "relief": easing, restoring, avoiding surgery; harmless, well tolerated.
    ("The injection eases the pain of an arthritic knee.", Severity.WARNING),
    ("It restores movement in a frozen shoulder.", Severity.WARNING),
    ("Many patients are able to avoid surgery.", Severity.ERROR),
    ("These injections are harmless and well tolerated.", Severity.WARNING),
    # How long an effect or a harm lasts, in hours or days ("a stay of 2 hours" is the service).
    ("Occasionally patients may experience 1 \u2013 2 hours of numbness in the leg.", Severity.WARNING),
    ("Most people get 2 days of relief.", Severity.ERROR),
    ("Please allow 2 hours for your visit.", None),
    # What a treatment is thought, designed or meant to do promises nothing.
    ("The steroid is thought to calm the inflamed nerve and ease the pain.", Severity.INFO),
    ("The programme is designed to help you return to normal activities.", Severity.INFO),
    # "The procedure is safe" is a claim, "the procedure is done under X-ray" service text.
    ("The procedure is relatively safe, with few side effects.", Severity.WARNING),
    ("The procedure is very minimally painful.", Severity.WARNING),
    ("The procedure is done under X-ray guidance and takes twenty minutes.", None),
    # Durations without a digit, an authority named as the only source.
    ("Pain relief may last a month or more.", Severity.ERROR),
    ("Some patients get relief for a short time and others up to a year.", Severity.ERROR),
    ("The injection is recommended by NICE for chronic knee pain.", Severity.WARNING),
    ("The injection is recommended by your consultant.", None),
    # Uses, indirect questions and dependence assert nothing.
    ("A nerve block is a technique used to relieve pain in the chest.", Severity.INFO),
    ("A steroid is injected under the rib to reduce inflammation and alleviate pain.", Severity.INFO),
    ("The spacing of injections will be based on how long the pain relief lasts.", Severity.INFO),
    ("This depends on how much pain relief you get with the block.", Severity.INFO),
    ("Side effects of the block include infection, bruising and soreness.", Severity.INFO),
    # A pointer to the product's leaflet is a source the reader can look up.
    ("Most side effects are uncommon or rare (please take a look at the product leaflet).", Severity.INFO),
    ("Most side effects are uncommon or rare.", Severity.WARNING),
])
def test_lists_of_harms_reassurances_and_partial_promises(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # An action as the subject, with "can", explains how a treatment is meant to work; the treatment
    # itself as the subject, stated as fact, claims its effect.
    ("Blocking the sympathetic nerves can reduce the severity of pain.", Severity.INFO),
    ("Injecting a local anaesthetic near the nerve can provide immediate relief of this pain.", Severity.INFO),
    ("The block reduces the severity of pain.", Severity.WARNING),
    # An outcome for the patient after "thus" is asserted; one for a muscle explains the mechanism.
    ("These blocks stop pain signals from reaching your brain, thus reducing your pain.", Severity.WARNING),
    ("It acts on the muscle nerves, thereby reducing muscle spasm.", None),
    # An honest limit: relief or benefit that is temporary, a treatment that has not helped.
    ("The benefits of these nerve blocks tend to be temporary.", Severity.INFO),
    ("You may be offered it if your pain has not improved with rest and physiotherapy.", Severity.INFO),
    ("It is only used once other treatment has not been successful.", Severity.INFO),
    ("You are a candidate for this block if your pain has not improved with rest.", Severity.INFO),
    ("The choice of treatment depends on the type of pain, how severe it is, and how you respond to it.",
     Severity.INFO),
    # A clause joined by "and" or "so" still opens with its condition or aim.
    ("The aims are to stop the pain, to stabilise the bone, and to restore the lost height.", Severity.INFO),
    ("Even after the pain-relieving effect wears off, the pain may be lower than before.", Severity.INFO),
    # A use or indication, and the service's plan, promise nothing.
    ("It can be helpful for pain in the muscles, such as back and neck pain.", Severity.INFO),
    ("The doses used for improving sleep are smaller than those used for depression.", None),
    ("We plan to change your prescription over several months to reduce the dose you take.", Severity.INFO),
    # A disclosure of harms, named none, however its verb or its word order runs.
    ("Stopping this medicine suddenly can lead to unpleasant side effects.", Severity.INFO),
    ("There is a risk also that people come to depend on the treatment.", Severity.INFO),
    # A schedule, a history and a sign are no statistic and no appeal to evidence.
    ("The pump is refilled every 4 to 12 weeks.", None),
    ("In the last 30 years it has become more popular in this country.", None),
    ("The pain does not go away, and there is evidence of a sympathetic block.", Severity.INFO),
    ("Generally, you will be discharged within two hours and may resume normal activities the next day.",
     Severity.INFO),
    # A likelihood or a frequency stated as fact is a claim, however small.
    ("There is a small chance of puncturing the lung lining.", Severity.WARNING),
    ("The catheter could move, or the pump could stop working (rare).", Severity.WARNING),
    ("The procedure will most likely have to be repeated to produce a long-lasting benefit.", Severity.WARNING),
    ("The procedure will take about twenty minutes.", None),
    # A promise to the reader, not an instruction; an outcome for most patients within a time, and an
    # onset given as a time ("within a few weeks") is a statistic of the effect.
    ("You should experience improvement in movement within a few weeks of the procedure.", Severity.ERROR),
    ("You should not drive for 24 hours.", Severity.INFO),
    ("Most report that their pain is gone or is much better within 48 hours.", Severity.ERROR),
    ("Most patients resume normal activity within 24 hours.", Severity.ERROR),
    # A large or lasting effect is promised, for "some people" too; only a doubting modal softens it.
    ("Relief is often short-lived, though some people can get significant and lasting pain relief.",
     Severity.WARNING),
    ("Some people get some pain relief from these injections.", Severity.INFO),
    ("It may give some people significant pain relief.", Severity.INFO),
    ("Having the injection can give long-lasting relief.", Severity.WARNING),
])
def test_how_a_clause_is_governed_as_an_editor_reads_it(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A benefit told as a story about patients in general, not one patient's story.
    ("We have runners with knee pain which is successfully treated with prolotherapy.", Severity.WARNING),
    ("Golfers, tennis players, other athletes, they have all been successfully treated with it.", Severity.WARNING),
    ("I've had a young woman with heel pain who was successfully treated with prolotherapy.", Severity.INFO),
    # A treatment judged as an option; a consequence for the patient stated as fact.
    ("Steroids do help, but they cannot be used often and PRP can be an excellent alternative option.",
     Severity.WARNING),
    ("Walking is the best thing for knee pain.", Severity.WARNING),
    ("PRP is an effective alternative for people who cannot have surgery.", Severity.WARNING),
    ("The local anaesthetic is a good option for numbing the skin.", None),
    ("This lets you get up and walk around straight after.", None),
    ("This will allow you to get back to the activities you enjoy.", Severity.WARNING),
    ("Shockwave therapy can speed up healing.", Severity.WARNING),
    ("Our patients report feeling better after the first session.", Severity.WARNING),
    ("We have treated hundreds of patients with excellent results.", Severity.WARNING),
    ("Most patients notice a difference after the second session.", Severity.ERROR),
    ("This allows you to focus on your exercises to strengthen the muscles.", Severity.WARNING),
    ("You are given a handset which allows you to turn the stimulation on and off.", None),
    ("This allows you to go home the same day.", None),
    ("The needle was successfully placed in the joint.", None),
    ("You can usually go back to work after 2 days.", None),
    ("It can get you back to work faster, and you're less likely to have pain again.", Severity.WARNING),
    ("The drug works by helping your body to be better at dealing with pain.", Severity.WARNING),
    ("The drug changes how your body deals with pain.", None),
    # A purpose that promises an outcome, in the clinic's own voice too; a plain purpose does not.
    ("At our clinic we provide shockwave treatment to help patients recover faster and more effectively.",
     Severity.WARNING),
    ("A joint injection is a treatment where a steroid is injected into a joint to help reduce pain.", Severity.INFO),
    # A result stated as lasting longer, whatever "rather than" says elsewhere in the clause.
    ("It works more slowly, but the results are longer-lasting because it enhances rather than restricts healing.",
     Severity.WARNING),
    # An onset given as a time is a statistic of the effect.
    ("Pain relief usually starts within a few days (sometimes sooner).", Severity.ERROR),
    # Appeals to evidence stated as established fact; an honest limit about evidence is none.
    ("The role of these nerves in back pain is well documented.", Severity.WARNING),
    ("Mapping has been done and it has been confirmed that these nerves carry pain signals.", Severity.WARNING),
    ("It's hard to get good evidence about how well specific exercises work for back pain.", Severity.INFO),
    ("The evidence for acupuncture in back pain is mixed.", Severity.INFO),
    ("Results of the studies so far are conflicting.", Severity.INFO),
    ("Studies show that acupuncture relieves back pain.", Severity.ERROR),
    # Risks named none, or only sorted into classes; anatomy; a general count of ways.
    ("Interventional pain procedures have associated risks.", Severity.INFO),
    ("Risks associated with the stimulator can be grouped into common, less common and very rare.", Severity.INFO),
    ("Serious complications are very rare.", Severity.WARNING),
    ("The treatment is not suitable for everyone.", Severity.INFO),
    ("It helps control continence and also the muscles of the pelvic floor.", None),
    ("There are lots of ways that your body helps you to deal with pain.", Severity.INFO),
    # The clinician's own procedure and the aftermath of the anaesthetic: no statistic.
    ("Depending on the patient, usually I give one injection each week for 3 to 5 weeks.", None),
    ("I use a solution of 50% dextrose with some lidocaine.", None),
    ("I give this injection and 80% of my patients get relief.", Severity.ERROR),
    ("A couple of hours later when this wears off, you will have more pain and it may last for a day or two.", None),
    ("Relief may last for a day or two.", Severity.ERROR),
])
def test_stories_evaluations_promising_purposes_and_appeals_stated_as_fact(sentence, severity):
    assert judge_sentence(sentence).severity is severity


def test_an_item_that_only_names_something_is_read_with_its_lead_in():
    # "Reduction in muscle spasms" under "It works in several ways:" has no verb: it states nothing by
    # itself; an item with a verb, or with a figure, is judged as it stands.
    lead_in = "The injection works to reduce pain in several ways:"
    judged = judge_sentence("Reduction in muscle spasms", lead_in=lead_in)
    assert judged.severity is Severity.INFO and "item named" in judged.reason
    assert judge_sentence("It reduces muscle spasms", lead_in=lead_in).severity is Severity.WARNING
    assert judge_sentence("Pain relief lasting weeks to months", lead_in="Benefits").severity is Severity.ERROR


def test_an_item_under_a_lead_in_stating_an_aim_or_whom_it_is_for_is_at_most_info():
    item = "Improve mobility and function"
    assert judge_sentence(item).severity is Severity.WARNING
    for lead_in in ("The injection aims to:", "Do not use it if you have:", "It is used for the following conditions:"):
        judged = judge_sentence(item, lead_in=lead_in)
        assert judged.severity is Severity.INFO and lead_in in judged.reason
    # Under "Benefits" an item is a claim of benefit, judged as it stands.
    assert judge_sentence("Pain relief lasting weeks to months", lead_in="Benefits").severity is Severity.ERROR


@pytest.mark.parametrize(("sentence", "severity"), [
    # The time course of an injection's effect given as a figure is a statistic, hedged or not.
    ("The local anesthetic will wear off approximately six hours after the injection.", Severity.WARNING),
    ("Sometimes it can take up to one week for the steroid to work or take affect.", Severity.WARNING),
    ("The numbing medicine usually wears off within 4-6 hours.", Severity.WARNING),
    ("You can usually go back to work after 2 days.", None),
    # A participle that lists pain among what is reduced asserts relief; one that names no pain does not.
    ("Cold-water therapy produces vasoconstriction, which slows circulation, reducing inflammation, muscle "
     "spasm, and pain.", Severity.WARNING),
    ("reducing distress related to pain and ill-health", None),
    # A definition whose relative clause asserts the outcome still asserts it.
    ("Peripheral nerve stimulation (PNS) is a type of neuromodulation that reduces pain by sending tiny "
     "electrical signals to peripheral nerves.", Severity.WARNING),
    ("Peripheral nerve stimulation is a type of neuromodulation that uses tiny electrical signals.", None),
    # A benefit the patient gets, whatever the subject.
    ("Hydrotherapy allows the patient to return to activity and exercise earlier than land-based exercise alone.",
     Severity.WARNING),
    ("The majority of the patients studied were able to decrease or stop their medications altogether.",
     Severity.ERROR),
    ("Most people were able to cut down their painkillers.", Severity.ERROR),
    ("They are not necessary for walking or standing.", Severity.WARNING),
    # "can" with the means it works by, "potentially", "relatively": hedged explanations.
    ("The local anaesthetic can help reduce the pain by blocking the pain signals to the brain and the steroid "
     "can help to relieve inflammation in the area.", Severity.INFO),
    ("Nerve impulses can be blocked by applying a local anesthetic to the nerve bundle, providing pain relief.",
     Severity.INFO),
    ("Nerve impulses are blocked by a local anesthetic, providing lasting pain relief.", Severity.WARNING),
    ("This block can potentially alleviate pain originating from the pelvic organs.", Severity.INFO),
    ("By disrupting the function of the nerves, it is possible to reduce the headaches experienced by many "
     "patients, leading to significant improvement in symptoms.", Severity.INFO),
    ("The procedure is quick, relatively painless and minimally invasive.", Severity.INFO),
    # Indications, adjustments, advice, a use: no outcome promised.
    ("This block can also be indicated if the side effects of a pain relieving medication are unacceptable.",
     Severity.INFO),
    ("Water temperature can also be altered depending on what is deemed to be most beneficial to the patient.",
     Severity.INFO),
    ("It is very important that you continue to perform regular exercise during the period of reduced pain.",
     Severity.INFO),
    ("During this procedure, the 3 main nerves that supply the knee are blocked for relief of knee pain.",
     Severity.INFO),
    # The condition described, research without a result, an honest limit, a historical aside.
    ("This type of headache is worse when the patient is upright and relieved when lying down.", Severity.INFO),
    ("Multiple recent meta-analyses of clinical trials have examined the use of medical cannabis in chronic pain.",
     Severity.INFO),
    ("However, there are scant data regarding the long-term safety of medical cannabis use.", Severity.INFO),
    ("The prohibition of cannabis in the middle of the 20th century had arrested cannabis research.", Severity.INFO),
    ("Research has shown that cannabis relieves chronic pain.", Severity.ERROR),
    # A study named by year and journal is something to look up; unnamed studies are not.
    ("In a 2017 article published in the journal Pain, 984 users reported improved back pain.", Severity.INFO),
    ("A recent study found that 70% of users reported improved back pain.", Severity.ERROR),
])
def test_timings_outcomes_inside_mechanisms_and_named_studies(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A result a mechanism brings about, a result for a group of patients, a time to peak effect, a course
    # stated as fact, who benefits most, and a negation inside a relative clause: claims.
    ("By significantly reducing intradiscal pressure, spinal decompression promotes retraction of the herniation "
     "into the disc.", Severity.WARNING),
    ("The promotion of fibro-elastic activity stimulates repair and inhibits leakage from the nucleus.",
     Severity.WARNING),
    ("Patients that received massage therapy had a greater decrease in pain intensity than patients receiving "
     "physical therapy.", Severity.WARNING),
    ("This leakage causes a decrease in CSF pressure and volume.", None),
    ("The steroid effect grows stronger such that the peak effect occurs at about two weeks.", Severity.WARNING),
    ("Most cases of tennis elbow settle with education and a rehab programme.", Severity.WARNING),
    ("Buprenorphine is most useful in patients with stable pain that does not require many changes in dose.",
     Severity.WARNING),
    # What a treatment is, what an article discussed, an honest limit about evidence, a source named by
    # journal or authors, a step of the procedure, whom a treatment can help, prevalence: no claim to source.
    ("It is a non-surgical, traction-based treatment for the relief of back and leg pain.", Severity.INFO),
    ("This treatment is FDA cleared and provides patients a non-invasive, non-pharmacological alternative for "
     "pain relief.", Severity.INFO),
    ("In the article, Dr. Edwards discussed the safety and effectiveness of this non-surgical treatment.",
     Severity.INFO),
    ("Unfortunately, the evidence is not great for other treatments.", Severity.INFO),
    ("As outlined in a paper, there is good evidence to suggest that cortisone is not good for this tendon.",
     Severity.ERROR),
    ("A recent review paper by pain specialists (Thomas J. Smith, M.D., and Eric J. Wang, M.D.) reveals that "
     "scrambler therapy can provide relief for about 80-90% of patients.", Severity.INFO),
    ("A recent review reveals that scrambler therapy can provide relief for about 80-90% of patients.",
     Severity.ERROR),
    ("The report was published on July 13th in The New England Journal of Medicine.", Severity.INFO),
    ("A pencil-sized tool goes into the incision to clean out that ligament and reduce the narrowing.",
     Severity.INFO),
    ("Leaning forward, such as onto a shopping cart, can provide relief from symptoms.", Severity.INFO),
    ("Massage therapy can provide relief for patients with chronic back pain.", Severity.INFO),
    ("An exercise programme with a physiotherapist can provide relief and get you moving again.",
     Severity.WARNING),
    ("It is common in elite and non-elite athletes but also affects ordinary people.", None),
    ("Bruising is common after the injection.", Severity.WARNING),
])
def test_promoted_results_admitted_weak_evidence_and_whom_a_treatment_helps(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # Research cited for a result beside a caveat, an organisation's advice as the only source, a problem
    # said to be solved, a reassurance that a harm does not usually happen: claims an editor wants sourced.
    ("While currently no comprehensive studies exist with regard to ozone therapy, there are studies showing "
     "ozone therapy relieves pain and repairs function when injected directly into the joints.", Severity.ERROR),
    ("There is no evidence that shows it reverses the arthritic process or re-grows cartilage.", Severity.INFO),
    ("The American College of Physicians, one of the largest physician groups in the United States, now advises "
     "its members to treat most forms of low-back pain with massage and acupuncture.", Severity.WARNING),
    ("For these reasons, many national health authorities have begun to recommend non-pharmacological treatment "
     "options for common pain conditions.", Severity.WARNING),
    ("The society meets every year in London.", None),
    ("In most cases, physical therapies such as exercises can solve the problem.", Severity.WARNING),
    ("Tramadol doesn't usually upset your tummy, so you can take it with or without food.", Severity.WARNING),
    # The service describing its sessions, staff and clinicians, a benefit that only appears, a purpose a
    # product was developed for, a figure whose survey is named: nothing to source.
    ("During the first session a trance is induced and several pain reduction images are taught.", None),
    ("The objective of the first session is to teach the patient a fairly easy way to use the pain reduction "
     "techniques.", None),
    ("Our approach is to take the pain on and to use pain control images to reduce the pain.", None),
    ("In addition, we have a master Reiki practitioner who is available before or after a procedure.", None),
    ("Dr. Hanson will perform a regional nerve block to reduce pain during and after the injection.", None),
    ("Overall, ozone therapy appears to be a helpful adjunct to the overall plan of regenerative therapies.",
     Severity.INFO),
    ("According to data from the CDC's National Health Interview Survey, nearly 20% of U.S. adults experience "
     "pain most days or every day.", Severity.INFO),
    ("According to a survey, nearly 20% of adults experience pain most days.", Severity.WARNING),
])
def test_results_cited_advice_of_bodies_sessions_and_named_surveys(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # An effect prevented, an association reported, guidelines as the source, the most common harm, a
    # treatment used successfully by many, wonders promised: claims an editor wants sourced.
    ("Consistent Botox treatment can also prevent migraine headaches before they start.", Severity.WARNING),
    ("A bandage will be applied on top of the patch to prevent it from moving.", None),
    ("It prevents the transmission of the electrical signals to the muscle.", None),
    ("The use of CGRP mAbs has been associated with significant reductions in the frequency of migraine "
     "episodes.", Severity.ERROR),
    ("Chronic low back pain has been associated with different causes such as disc degeneration.", None),
    ("One or two injections is the standard protocol; most guidelines recommend no more than two to three "
     "injections per finger.", Severity.WARNING),
    ("The most common side effect is drowsiness so you must not drive or operate machinery if affected.",
     Severity.WARNING),
    ("Duloxetine has been used successfully by many patients for the treatment of nerve pain.", Severity.ERROR),
    ("Hydrocortisone injections can work wonders to relieve troublesome hip pain and stiffness.", Severity.WARNING),
    # A condition defined by how long it lasts, an honest admission, instructions and a dose schedule, the
    # clinic by its name, pain relief as medicines taken, a promise called promising: nothing to source.
    ("Chronic knee pain is persistent pain in the knee that lasts for more than 3 months.", None),
    ("Each headache day lasts 4 hours or longer", None),
    ("Relief from the injection lasts for more than 3 months.", Severity.ERROR),
    ("It is not completely known how Botox reduces headache pain and stiffness.", Severity.INFO),
    ("It is also recommended to refrain from smoking as this can cause increased inflammation.", None),
    ("After 48 hours a gradual return to normal activity is recommended.", Severity.INFO),
    ("This may be increased to 60mg after 2 weeks.", None),
    ("There are some simple ways to help manage some of the side effects.", Severity.INFO),
    ("KUER Clinic works to not only establish cause of hip pain however also reduce the symptoms.", None),
    ("It will be discussed with your consultant whether taking pain relief would be indicated short term.", None),
    ("Botox injections offer a promising avenue of relief for those who suffer from frequent headaches.",
     Severity.INFO),
])
def test_prevention_associations_guidelines_thresholds_and_schedules(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A time course in words, a recovery or best use claimed, what a treatment lets the patient avoid,
    # doctors' advice as the source, effective relief inside a definition, a lasting effect as a list item.
    ("Pain relief may not be immediate, and usually begins around the fourth week after the injection.",
     Severity.ERROR),
    ("Amitriptyline works best if taken regularly and not so well on an 'as required' basis.", Severity.WARNING),
    ("The injection allows the patient to avoid taking strong oral medications.", Severity.WARNING),
    ("Doctors recommend no more than two or three corticosteroid injections in the knee per year.",
     Severity.WARNING),
    ("Your doctor may recommend a second injection.", None),
    ("TENS is a form of electrotherapy that stimulates sensory nerves to provide a natural and effective relief "
     "of chronic pain.", Severity.WARNING),
    ("TENS machines provide a drug free way to control pain.", Severity.WARNING),
    # Whom a treatment can benefit, an honest limit, a purpose as the main clause, the practice of a
    # specialty, the clinician's own advice, a care team's review, the lead-in of an explanation.
    ("This can be beneficial to people who experience migraines, cluster and tension headaches.", Severity.INFO),
    ("It is unrealistic to think you will get one hundred percent relief.", Severity.INFO),
    ("The purpose of the programme is to promote self-management, improve quality of life and reduce "
     "suffering.", Severity.INFO),
    ("Kinesio tape was developed in an effort to decrease pain, decrease edema (swelling), assist muscle "
     "function and ultimately improve joint function.", Severity.INFO),
    ("It is common to use antidepressants in the treatment of pain.", None),
    ("Before surgery is considered, your care team will review your symptoms and response to prior "
     "treatments.", Severity.INFO),
    ("TENS can help to ease pain in two ways.", Severity.INFO),
    ("The other way that it is believed that TENS reduces the pain felt is by encouraging the body to release "
     "serotonin.", Severity.INFO),
])
def test_time_courses_avoided_medicines_limits_and_purposes(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # An evaluation with an adverb, a list's lead-in that states the effect, a useful pain reliever, a
    # time to the full effect: claims an editor wants sourced.
    ("Physiotherapy is a highly effective treatment for managing neck pain, as it addresses not just the "
     "symptoms but also the underlying causes.", Severity.WARNING),
    ("Spinal cord stimulators are effective in treating many types of chronic pain, including:",
     Severity.WARNING),
    ("Nerve root blocks are ideal for treating a wide range of pain disorders including:", Severity.WARNING),
    ("The injection can help with a range of conditions, including:", None),
    ("Heat is also a useful pain reliever.", Severity.WARNING),
    ("It takes at least 12 hours for the level of fentanyl to reach its maximum after the first patch.",
     Severity.WARNING),
    ("It can take up to a month to feel the effects of the steroid.", Severity.WARNING),
    # How a treatment acts, who will give what, a review's date, the body's own response, a use, a response
    # that differs from person to person: nothing to source.
    ("It acts to reduce inflammation and irritability of the nerve.", Severity.INFO),
    ("Once in your bloodstream, fentanyl acts within your body to relieve pain.", Severity.INFO),
    ("They will give you a mixture of local anaesthetic to reduce pain straight away and a steroid to reduce "
     "inflammation.", Severity.INFO),
    ("You will be reviewed in my clinic in about 6 weeks time.", None),
    ("The body reacts to injury by initiating an inflammatory response.", None),
    ("Stem cell therapy is a non-surgical measure used to decrease pain and improve function.", Severity.INFO),
    ("Because no two patients are alike, each person will respond to stem cell therapy uniquely.",
     Severity.INFO),
])
def test_evaluations_claimed_lead_ins_mechanisms_and_reviews(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # An evaluation with a second adjective, a share that opens the sentence, a difference promised, a body's
    # guidelines or recommendations as the source, "for good", research cited in a historical sentence.
    ("Corticosteroid injections are an effective short-term treatment for shoulder pain caused by "
     "inflammation.", Severity.WARNING),
    ("For many, steroid injections are a great solution to shoulder pain from impingement.", Severity.WARNING),
    ("For example, a steroid injection is given into the joint.", None),
    ("However you should see a difference after one or two sessions.", Severity.WARNING),
    ("The NICE guidelines suggest acupuncture as a first line treatment for persistent back pain.",
     Severity.WARNING),
    ("Most orthopaedic specialists, following American Orthopaedic Association recommendations, suggest limiting "
     "injections.", Severity.WARNING),
    ("Here's how we use shockwave to treat heel pain for good.", Severity.WARNING),
    ("It has been used in Western medicine for many centuries as the medical evidence shows the benefits that it "
     "can have.", Severity.ERROR),
    ("It has been used in Asia for many centuries.", Severity.INFO),
    # A medicine named by what it is for, titration, a clinician's experience, a testimonial, a symptom's
    # triggers: nothing to source.
    ("Morphine is a strong pain relief medicine.", None),
    ("Your doctor will do this slowly, sometimes taking up to 2 weeks to find the right dose.", None),
    ("If so, come see our team. Dr. Nolan is a surgeon with over 20 years of experience.", None),
    ("\u201cI had been suffering with tennis elbow for 8 months before contacting the clinic.", Severity.INFO),
    ("The pain is aggravated by simple everyday tasks such as gripping, driving or opening a jar.", Severity.INFO),
])
def test_evaluations_shares_guidelines_testimonials_and_titration(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A taper, what the patient can use, what a procedure is performed for, the tissue's response, what the
    # doctor injects: the service and the procedure, nothing to source.
    ("You can use ice packs to ease the pain associated with vertebral fracture.", Severity.INFO),
    ("Kyphoplasty is a procedure performed to relieve pain caused by vertebral compression fractures.",
     Severity.INFO),
    ("It involves repeated injections of a dextrose solution in order to provoke a regenerative tissue response.",
     None),
    ("The doctor injects a steroid to reduce swelling and relieve pressure.", Severity.INFO),
    ("Kyphoplasty relieves pain caused by vertebral compression fractures.", Severity.WARNING),
])
def test_tapers_uses_and_the_procedure_as_described(sentence, severity):
    assert judge_sentence(sentence).severity is severity


def test_a_taper_is_the_prescribers_schedule_not_a_statistic():
    taper = ("Your medications will be reduced to half of the preoperative dosage, with a plan of having you "
             "gradually taper them until completely off over a period of 2-4 weeks.")
    assert "statistic" not in judge_sentence(taper).reason
    assert judge_sentence(taper.replace("reduced to half of", "cut from")).reason.endswith("statistic")


def test_furniture_is_not_prose_and_a_recorded_kind_is_kept():
    assert judge_sentence("Skip to main content").prose is False
    assert judge_sentence("Chronic pain affects quality of life.").prose is True
    judged = judge_sentence("Relief can last for two weeks in 60% of people.", kind=ClaimKind.BACKGROUND)
    assert judged.kind is ClaimKind.BACKGROUND and judged.severity is Severity.WARNING


def test_the_clinics_own_voice_is_service_but_a_clinical_cue_beats_a_mention_of_the_doctor():
    assert propose_kind("Our clinic offers nerve blocks.") is ClaimKind.SERVICE
    assert propose_kind("Book an appointment with the team.") is ClaimKind.SERVICE
    assert propose_kind("Serious side effects are rare, but tell your doctor at once.") is ClaimKind.SAFETY


@pytest.mark.parametrize(("sentence", "severity"), [
    # The reader's wish, the practice of a trade, the page's own overview, advice: no promise.
    ("Whether you're an athlete, a weekend warrior, or simply someone who wants to move and feel better, "
     "sports massage offers more than relaxation.", Severity.INFO),
    ("It is common for sports teams to employ massage therapists to help with their team.", None),
    ("Here is an overview of how athletes or those that actively work out can benefit from regular massage.", None),
    ("It is essential that you get effective treatment as soon as possible.", Severity.INFO),
    ("It is also important to restore normal muscle control after the acute pain episode.", Severity.INFO),
    # What the clinician does is the service; what it provides may be the effect.
    ("Prescribes appropriate stretches and movements that patients can do at home to relieve neck pain.",
     Severity.INFO),
    ("Provides long-lasting pain relief for most patients.", Severity.ERROR),
    # A condition's own course after an activity is background; a harm after the treatment is not.
    ("Muscle soreness is common after exercise.", None),
    ("Delayed onset muscle soreness is common after intense exercise.", None),
    ("Bruising is common after the injection.", Severity.WARNING),
    # An aim stated; a device meant to last; the clinic's own modalities.
    ("The main objectives in using orthoses are to correct a problem and to ease your pain.", Severity.INFO),
    ("Custom foot orthotics are made out of durable materials that are meant to last many years.", None),
    ("The relief can last many years.", Severity.ERROR),
    ("We also have some treatment modalities which can be more helpful with chronic pain.", None),
    # Appeals to science, to consensus and to an organisation, with nothing to look up.
    ("At the clinic, we use science-backed techniques to reduce pain.", Severity.WARNING),
    ("It is generally recognized as therapeutic when wavelengths between 800 and 1200 nm are used.",
     Severity.WARNING),
    ("According to the American College of Sports Medicine, soreness usually occurs 12 to 24 hours after the "
     "exercise.", Severity.WARNING),
    # Benefits in other words; a harm denied.
    ("Athletes can boost their performance with regular massage.", Severity.WARNING),
    ("Such patients are best treated by a team of specialists.", Severity.WARNING),
    ("This penetration triggers a cascade of responses that directly address the root causes of pain.",
     Severity.WARNING),
    ("It addresses the root cause of spinal stenosis: the narrowing of the spine.", None),
    ("It can be taken out without causing damage to your spine.", Severity.WARNING),
    # Weak evidence admitted, however the sentence is punctuated.
    ("Studies of their effectiveness in providing pain relief, however, have been inconclusive.", Severity.INFO),
    # A wish inside the claim's own clause does not soften it.
    ("A candidate for stem cell therapy is anyone who wishes to heal soft tissue injuries.", Severity.WARNING),
    ("It is particularly useful for those wishing to avoid pain relieving drugs.", Severity.WARNING),
])
def test_wishes_trades_courses_aims_and_appeals_to_science(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # Aftercare, research only mentioned, a session's length and a criterion for surgery.
    ("The patient will need someone else to drive them home following the procedure.", Severity.INFO),
    ("Interferential stimulation has been investigated as a technique to reduce pain.", Severity.INFO),
    ("A session usually lasts about 3-5 minutes.", None),
    ("The treatment usually lasts between 10 and 20 minutes.", None),
    ("The relief usually lasts between 10 and 20 weeks.", Severity.ERROR),
    ("Surgery is recommended when leg pain has been experienced for at least six weeks and other treatments have "
     "not brought pain relief.", Severity.INFO),
    ("Pain relief lasts for at least six months.", Severity.ERROR),
    # A list of uses goes on in bare verbs; a claim's own list stays a claim.
    ("Interferential is commonly used for pain relief, to promote tissue healing, relieve muscle spasm and "
     "stimulate deeply situated muscles.", Severity.INFO),
    ("It helps to reduce pain, relieve spasm and improve mobility.", Severity.WARNING),
    # Pointers to links are the page's furniture.
    ("Below are a few of the informative links to websites and research.", None),
    ("PEMF research links below:", None),
    # Harms denied, what the patient will be able to do, aids, speed, simple and effective, known rates.
    ("This procedure does not take or damage motor nerves.", Severity.WARNING),
    ("You will be able to resume your day-to-day activities the next day.", Severity.WARNING),
    ("Interferential therapy aids in circulation.", Severity.WARNING),
    ("Multiple treatments will typically speed the patient's recovery.", Severity.WARNING),
    ("A simple and effective treatment for bursitis pain is a bursal injection.", Severity.WARNING),
    ("Spinal fusions are known to be associated with high rates of failed back surgery syndrome.", Severity.WARNING),
    ("Minimal damage to tendon and surrounding tissue", Severity.WARNING),
    # A repeat on a schedule is the prescriber's; a repeat after an effect's duration keeps the figure.
    ("The injection can be repeated at 4-6 weeks, if pain relief has been less than 50%.", Severity.INFO),
    ("The effects can last for weeks, months or even years and the injection can be repeated if symptoms return.",
     Severity.ERROR),
    # A step's purpose, anatomy, and benefits called potential.
    ("The targeted area is numbed with a local anesthetic to minimize discomfort during the procedure.",
     Severity.INFO),
    ("This bursa sac contains fluids that help to lubricate your joint and reduce friction.", None),
    ("PEMF therapy has been described as having potential therapeutic benefits.", Severity.INFO),
    ("Drug therapies alter your metabolism, hence causing more potential side effects.", Severity.WARNING),
])
def test_sessions_criteria_lists_of_uses_links_and_promised_recovery(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # Instructions, a demonstration, an answer with its condition, uses and the clinic's own preference.
    ("Plug the leads into the electrodes and place the electrodes onto your body as shown to you in the clinic.",
     None),
    ("Yes, if it helps.", Severity.INFO),
    ("This technique is commonly employed to address pain in the neck and back.", Severity.INFO),
    ("This is due to the fact we prefer to avoid tissue damage and promote healing wherever possible.", None),
    ("See the Article by Dr. Jeremy Kim published in MD Professional HERE.", None),
    # A therapy's approach described; what it lets people do is still a benefit.
    ("A pain management programme helps people to live with chronic pain by teaching ways of dealing with the "
     "distress it causes.", Severity.INFO),
    ("Acceptance and commitment therapy helps people focus less on fighting their pain.", Severity.INFO),
    ("The injection helps people return to work within a week.", Severity.WARNING),
    ("PMPs help make day-to-day life less of a struggle and allow people to realise a better quality of life "
     "despite chronic pain.", Severity.WARNING),
    # How a medicine acts on the body; "works by" a benefit stays one.
    ("It works on your nervous system and brain to reduce the way you feel pain.", Severity.INFO),
    ("Low dose naltrexone works by helping your body to be better at dealing with pain.", Severity.WARNING),
    # A trial period, a plain disclosure; reassurances and harms denied are claims.
    ("But the benefits of the medication may not be felt for 4-6 weeks, so do not judge how the medication is "
     "working until after that time.", Severity.INFO),
    ("There is also a risk of a significant flare of pain after the procedure.", Severity.INFO),
    ("This means that it modifies nerve function without causing significant tissue damage.", Severity.WARNING),
    ("If you get any side effects, they will usually be mild and tolerable, and will go away after a couple weeks.",
     Severity.WARNING),
    ("Acceptance and Commitment Therapy (ACT) is a recommended therapy to help manage chronic pain.",
     Severity.WARNING),
])
def test_answers_demonstrations_approaches_trial_periods_and_reassurances(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # Honest limits, the patient's own scan, schedules, the service, how often a treatment is given.
    ("A Facet joint injection is not a cure for the cause of your pain, but it is used to help reduce the level of "
     "your pain.", Severity.INFO),
    ("Your X Ray or scan has shown that some of your Facet joints are arthritic.", None),
    ("Research has shown that injections reduce pain.", Severity.ERROR),
    ("If the Facet Joint injection is helpful it may be repeated at intervals of a minimum of four months.",
     Severity.INFO),
    ("Any risks of complications will be discussed in advance of your treatment with your expert consultant.",
     Severity.INFO),
    ("It is rare to receive more than 3 injections in a 6-month period.", None),
    ("It is rare to have complications after the injection.", Severity.WARNING),
    ("This leaflet has been produced to give you general information about the benefits and risks of injections.",
     None),
    ("The health and safety of our patients and customers is our main priority.", None),
    ("If you have experienced pain for more than 12 weeks, we call this chronic pain.", None),
    # Trying is no promise; a list of harms goes on in short phrases; a test helps you understand.
    ("The only way is to initially trial these medications at low doses, then up the amount to try and reduce "
     "your pain.", Severity.INFO),
    ("Amitriptyline works to try and normalise these neurotransmitters, reduce sensitisation, and ultimately reduce "
     "your pain.", Severity.INFO),
    ("Side effects include; memory loss, nausea, drowsiness, reduced sex drive, weight gain, increased pain, "
     "constipation", Severity.INFO),
    ("Psychological testing helps you and your physician understand and plan the best possible treatment.",
     Severity.INFO),
    # Minimal effects, a couple of weeks, relief to expect, works to reduce, addiction denied, a share of patients.
    ("There are only minimal effects on the rest of the body using local steroids by this route.", Severity.WARNING),
    ("The pain relief may last for a couple weeks up to a few months.", Severity.ERROR),
    ("You can expect your pain to be less.", Severity.WARNING),
    ("It works to reduce the pain or numbness you feel in your back.", Severity.WARNING),
    ("It works on your nervous system and brain to reduce the way you feel pain.", Severity.INFO),
    ("You will not become addicted to it, and you should be able to stop it without serious problems.",
     Severity.WARNING),
    ("Chronic pain is difficult to treat, with most types of medication helping less than a third of patients.",
     Severity.WARNING),
])
def test_limits_schedules_notices_trials_and_reassurances_of_medicines(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # Advice after a condition, an indication, the methods of a therapy named.
    ("If you don't feel better within the first two weeks, see your doctor to discuss different treatment options.",
     Severity.INFO),
    ("Knee replacement surgery is often recommended after nonsurgical treatments have failed to relieve your "
     "symptoms.", Severity.INFO),
    ("Some methods of biofeedback therapy include electromyography and neurofeedback, which reduce tension.",
     Severity.INFO),
    # Lasting results, a lifelong solution, healing set off, the body promised to mend.
    ("If you get a good result from the injection, it is likely to last a long time.", Severity.WARNING),
    ("Some patients find it to be a lifelong solution for chronic pain relief.", Severity.WARNING),
    ("It activates your body's natural healing mechanisms.", Severity.WARNING),
    ("The body will strengthen and repair damaged ligaments and tendons.", Severity.WARNING),
    ("Short-term pain relief will result from the treatment and depending on the patient's symptoms, long-term "
     "relief may be experienced.", Severity.WARNING),
])
def test_advice_indications_methods_and_lasting_or_healing_promises(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A share in words, a span of relief without "last"; a span that is no effect's.
    ("TENS is a drug free method of controlling pain that is effective for 75 out of every 100 patients.",
     Severity.ERROR),
    ("You may experience relief for a few weeks or for several months.", Severity.ERROR),
    ("Recording pain levels for a few days or weeks may help to track the level of relief achieved", Severity.INFO),
])
def test_shares_in_words_and_spans_of_relief(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A share in words, consensus as the source, the cause said to be treated, a life promised, a short
    # recovery.
    ("An injection will be likely to provide long-term symptomatic relief for about one person in ten.",
     Severity.ERROR),
    ("Physiotherapy for sciatica pain is widely recommended as the first-line, non-surgical treatment",
     Severity.WARNING),
    ("This makes physiotherapy for sciatica pain the preferred conservative treatment worldwide.", Severity.WARNING),
    ("Unlike painkillers that only mask symptoms, physiotherapy works on the cause of nerve irritation.",
     Severity.WARNING),
    ("These will allow you to take control of your condition and maintain an active and fulfilling life.",
     Severity.WARNING),
    ("As this is a non-invasive procedure, recovery time is minimal, meaning you can return to your daily duties "
     "straight away.", Severity.WARNING),
    # A procedure's steps and what a therapy concentrates on, an honest limit, the page pointing onward.
    ("A needle is used to apply local anaesthetic, followed by injection of a large volume of fluid into the "
     "joint to help stretch the joint capsule and improve the range of movement.", Severity.INFO),
    ("There are many different self-management skills that can be learnt to help relieve the symptoms.",
     Severity.INFO),
    ("The physiotherapy treatment for sciatica focuses on relieving pain, reducing inflammation, and improving "
     "mobility.", Severity.INFO),
    ("Ankle joint injections are procedures that involve introducing medication into the joint to relieve pain.",
     Severity.INFO),
    ("Steroid injections have a relatively poor reputation, especially for back pain where their efficacy can be "
     "low.", Severity.INFO),
    ("Far from a one-time treatment, botox therapy will need to be administered frequently in order to remain "
     "effective.", Severity.INFO),
    ("Below are commonly prescribed physiotherapy exercises for sciatica pain.", None),
    ("If you are considering botox therapy as a way to eradicate pain, read on to understand more.", None),
])
def test_consensus_causes_short_recoveries_steps_and_honest_limits(sentence, severity):
    assert judge_sentence(sentence).severity is severity


def test_a_definition_that_denies_a_harm_still_reassures():
    assert judge_sentence("The steroid is an insoluble form which does not cause the problems of steroid "
                          "tablets.").severity is Severity.WARNING
    assert judge_sentence("The steroid is an insoluble form which is injected.").severity is None


@pytest.mark.parametrize(("sentence", "severity"), [
    # Pain reduced for a span, a study or data as the only source, standing claimed, growth stimulated,
    # reassurances about passing discomfort and the rest of the body.
    ("By injecting an anaesthetic and steroid solution into the joint, it is often possible to reduce the pain for "
     "several months.", Severity.ERROR),
    ("The ACCURATE study demonstrated superiority of DRG stimulation to traditional spinal cord stimulation.",
     Severity.WARNING),
    ("There is strong data for the use of spinal cord stimulation in neuropathic conditions", Severity.WARNING),
    ("Spinal cord stimulation has been an excellent tool in interventional pain management", Severity.WARNING),
    ("This injectable solution stimulates the growth of new collagen fibers, which increases the disc strength.",
     Severity.WARNING),
    ("The injection may cause some temporary discomfort but this will settle quickly.", Severity.WARNING),
    ("The steroid injection is designed to stay inside the joint and should have very little effect on the rest "
     "of your body.", Severity.WARNING),
    # Shown into a room, a placement found, unknowns, a trial's design, a purpose, a definition, a risk factor
    # of the condition, a hedge, a discussion to have.
    ("When you arrive you will be shown into a changing room and change into a theatre gown.", None),
    ("Once the correct placement has been found, a small amount of dye is injected into the hip joint.", None),
    ("The long term safety risks of this class of medication are still unknown.", Severity.INFO),
    ("In addition, patients with complex medical conditions were excluded from clinical trials.", Severity.INFO),
    ("A trial is always conducted to ensure that the intervention is beneficial to the patient.", Severity.INFO),
    ("The trial phase determines whether or not the implantable device will work.", Severity.INFO),
    ("Using anatomic mapping particular areas are treated or targeted for relief.", Severity.INFO),
    ("Also called spinal analgesia, intrathecal analgesia involves infusing medication into the intrathecal space.",
     Severity.INFO),
    ("Some medical issues that cause swelling, such as diabetes, can increase the risk of developing a trigger "
     "finger.", None),
    ("Also, applying an anti-inflammatory gel to the finger's base is sometimes effective.", Severity.INFO),
    ("Yet this risk should be assessed and discussed with a Pain Consultant.", Severity.INFO),
])
def test_spans_named_studies_standing_growth_reassurances_and_trial_designs(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A fraction, a ratio, the vast majority, a purpose that promises its result, a remarkable effect, harms said
    # to pass or to be rare.
    ("It affects about 1/4 of post-menopausal women, of whom about 1/4 will have pain.", Severity.WARNING),
    ("Women are five times more commonly affected than men.", Severity.WARNING),
    ("The vast majority of patients, however, have no problems with this procedure.", Severity.WARNING),
    ("The purpose of vertebroplasty is to stabilise the vertebral body, which will in turn alleviate pain and "
     "improve posture.", Severity.WARNING),
    ("It can and often does have the same remarkable effect as surgical release, resolving tingling and chronic "
     "pain.", Severity.WARNING),
    ("Bleeding or haematoma around the injection site, which should settle down by itself", Severity.WARNING),
    ("Potential complications are uncommon and include:", Severity.WARNING),
    # What is injected and what each ingredient is for, whom a block can be of value to, what puts nerves at risk,
    # no high-level studies, a purpose after a comma.
    ("Local anaesthetic is injected through this tube to provide relief from labour pain.", Severity.INFO),
    ("The injection can include a steroid (to reduce inflammation) and/or lidocaine (to reduce pain).",
     Severity.INFO),
    ("Inguinal nerve block can be of benefit and value in patients with chronic groin pain.", Severity.INFO),
    ("Because of their course, these nerves are at risk of injury from the lower abdominal incision.", None),
    ("There are no high-level studies to determine the effectiveness of hydrodissection or its safety.",
     Severity.INFO),
    ("Vertebroplasty stabilises fractured or collapsed vertebrae, to reduce or stop the pain caused by the bone "
     "rubbing.", Severity.INFO),
])
def test_fractions_ratios_promised_results_ingredients_and_purposes(sentence, severity):
    assert judge_sentence(sentence).severity is severity


def test_a_promise_in_brackets_is_no_ingredients_purpose():
    assert judge_sentence("The injection contains a corticosteroid (to reduce pain and inflammation in the long "
                          "term).").severity is Severity.WARNING


@pytest.mark.parametrize(("sentence", "severity"), [
    # Rankings and effects claimed in the clinic's own voice, benefits of the water, well-researched.
    ("At our clinic, one of the most effective tools we use to help people break that cycle is Clinical Pilates.",
     Severity.WARNING),
    ("One of the techniques we use to great effect with our low back pain clients is Aquatic Physiotherapy",
     Severity.WARNING),
    ("The support from the water enables a patient to mobilise and exercise confidently after back surgery.",
     Severity.WARNING),
    ("Therefore it aids the speed of their recovery significantly.", Severity.WARNING),
    ("CBT is a well-researched, active, and practical form of therapy.", Severity.WARNING),
    # The page and the service described, a role, honest comparisons and limits, schedules, strengths and waits.
    ("Below, we explain how Clinical Pilates can help back pain, and what the research says.", None),
    ("Advertising on our site helps support our mission.", None),
    ("Clinical Pilates focuses on graded strengthening and control, which can reduce pain and improve function.",
     Severity.INFO),
    ("The role of a physiotherapist is to help educate people about why they have ongoing pain and improve how "
     "the body performs.", Severity.INFO),
    ("Pilates is probably no more effective for pain and disability than other forms of exercise", Severity.INFO),
    ("After 2 weeks this is usually increased to 50-100mg MR twice a day.", None),
    ("Capsaicin cream is licensed for use in osteoarthritis (0.025%) or pain from Shingles (0.075%).", None),
    ("In short: Twice a week for 8-12 weeks seems to be the sweet spot, balancing benefit with adherence.",
     Severity.INFO),
    ("Waiting time till the next available Programme is typically 6-8 weeks, up to 12 weeks.", None),
    ("I have worked with many clients who have tried everything from medication to alternative healing.",
     Severity.INFO),
    ("Instead, you will learn how to respond to it with clarity, patience, and strength.", Severity.INFO),
    ("To empower patients to gain confidence, change their perspective on pain for the better and improve their "
     "participation in life.", Severity.INFO),
    ("This approach is recommended by NICE (as per CG193) and can be undertaken alongside pain treatments.",
     Severity.INFO),
    ("At Hillingdon Hospital, we run a well-established Tier 2 Specialist Pain Management Programme.", None),
    ("Some of the drug does get absorbed, so topical NSAIDs are not completely free of potential side effects.",
     Severity.INFO),
    ("The mechanism of gabapentin is unclear but it changes the way the nerves send messages to the brain.",
     Severity.INFO),
])
def test_rankings_in_the_clinics_voice_programmes_schedules_and_honest_comparisons(sentence, severity):
    assert judge_sentence(sentence).severity is severity


def test_a_harm_under_a_leaflets_frequency_band_is_listed_and_a_reassurance_is_not():
    band = "(may affect more than 1 in 10 patients):"
    listed = judge_sentence("Dizziness (increased risk of falls)", lead_in=band)
    assert listed.severity is Severity.INFO and "harm listed" in listed.reason
    assert judge_sentence("Infection is extremely unlikely with sterile techniques.",
                          lead_in="Risks of the procedure").severity is Severity.WARNING


@pytest.mark.parametrize(("sentence", "severity"), [
    # A claim after a short condition, sessions to relief, acclaim and rankings, surgery avoided, good success,
    # doses compared, harms said to be minimal, an average number of treatments.
    ("Once confirmed, radiofrequency ablation/rhizotomy is a good option for long term relief.", Severity.WARNING),
    ("As a rule of thumb, you should begin to experience some measure of relief after three or four sessions.",
     Severity.ERROR),
    ("You should expect an average of 10-15 treatments in total, if your pain is chronic in nature.",
     Severity.WARNING),
    ("Hence, prevents you from an invasive surgery.", Severity.WARNING),
    ("ESWT is the #1 FDA treatment for plantar fasciitis", Severity.WARNING),
    ("Shockwave therapy has emerged as a game changer in the treatment of tennis elbow.", Severity.WARNING),
    ("Lastly, there has been good success with peripheral nerve stimulation for these patients.", Severity.ERROR),
    ("When given intrathecally, Baclofen doses required for a similar effect to oral doses is 100 x lower.",
     Severity.WARNING),
    ("Therefore, side effects are minimal.", Severity.WARNING),
    # The condition's own course, a pump's supply, a condition defined, a study's design, a purpose, a belief,
    # experience, a way to understand, a disclosure, the team's work, an instruction to the team.
    ("The pain can last from a few seconds to several hours.", None),
    ("The medication in the pump can last up to ninety days, depending on your dose.", None),
    ("Frozen shoulder is a condition with severe shoulder pain and reduced shoulder movements.", Severity.INFO),
    ("To sum up, they looked at persons who were over 18 years old with plantar fasciitis lasting over 6 months.",
     Severity.INFO),
    ("Most often botox is used as a prophylaxis for chronic migraine sufferers who have failed other treatments.",
     None),
    ("This service is aimed at candidates for Intrathecal Baclofen, who are patients with spasticity.", None),
    ("We believe that comprehensive rehabilitation helps children reach their full potential.", Severity.INFO),
    ("As a physician who has specialized in Regenerative Injection Therapies for over 20 years, knee pain is the "
     "number one problem that I encounter.", None),
    ("As with many things, one of the best ways to understand a subject is to ask the right questions.", None),
    ("These treatments nevertheless carry a risk of unwanted side effects that must be taken into consideration.",
     Severity.INFO),
    ("We also work with patients to reduce pain associated with spasticity and to improve positioning.",
     Severity.INFO),
])
def test_short_conditions_sessions_acclaim_and_the_conditions_own_course(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # Reassurances, a lead-in saying harms are uncommon, a harm's duration in words, safety by unnamed bodies, a
    # repair stated, counts, a ranked way to treat, help claimed for the conditions listed, great results.
    ("The injection is associated with very few side effects.", Severity.WARNING),
    ("Most people who take gabapentin don't get any side effects.", Severity.WARNING),
    ("Long-term effects are uncommon and include:", Severity.WARNING),
    ("Increased pain and discomfort at the site of the injection which may last up to three weeks",
     Severity.WARNING),
    ("Injections are considered to be very safe by the national and international pain organisations.",
     Severity.WARNING),
    ("This minimally-invasive procedure repairs a vertebral compression fracture.", Severity.WARNING),
    ("More than 700,000 compression fractures occur in the U.S. each year.", Severity.WARNING),
    ("One of the best ways to treat this type of injury is the Graston Technique.", Severity.WARNING),
    ("Repeated treatments have even helped patients find relief from the effects of the following chronic "
     "conditions:", Severity.WARNING),
    ("The Graston technique is a method of soft tissue mobilization that has seen great results from treating scar "
     "tissue.", Severity.WARNING),
    # Guidance by its date, the leaflet about itself, honest limits, instructions, who can take a medicine, the
    # reader's history, causes and risk factors of the condition, a diagnostic aim.
    ("In June 2012, the National Institute for Health and Clinical Excellence (NICE) issued guidance which approved "
     "the use of Botox.", Severity.INFO),
    ("You have been given this leaflet because you have been prescribed Duloxetine tablets for pain relief.", None),
    ("It includes information on what radiofrequency ablation is, the risks and benefits of it.", None),
    ("This page walks through what it is, who is a candidate, what the evidence shows, and how I decide.", None),
    ("Unfortunately, no pain procedure can be risk free.", Severity.INFO),
    ("There are also no guarantees that this procedure will relieve your pain.", Severity.INFO),
    ("The effectiveness of the injection is difficult to predict.", Severity.INFO),
    ("Regular use of other pain relief should be continued, especially the exercise programme.", Severity.INFO),
    ("Gabapentin can be taken by adults and children aged 6 years and over.", None),
    ("You've already tried treatments like medications, physical therapy, or injections without lasting relief.",
     Severity.INFO),
    ("These fractures, which can be painful and limit spine mobility, are commonly caused by osteoporosis.", None),
    ("Many of the same risk factors that cause plantar fasciitis can also cause heel spurs.", None),
    ("This helps detect and treat areas of fibrous tissue.", Severity.INFO),
])
def test_reassurances_counts_repairs_dated_guidance_and_honest_limits(sentence, severity):
    assert judge_sentence(sentence).severity is severity


@pytest.mark.parametrize(("sentence", "severity"), [
    # A definition that promises a lasting effect, harm denied, plain claims, a share that needs no surgery.
    ("Radiofrequency treatment is a minimally invasive procedure that can provide intermediate to long-term pain "
     "reduction.", Severity.WARNING),
    ("Rather than destroying the tissue, the electrical field modulates the nerve activity without damaging "
     "structural pathways.", Severity.WARNING),
    ("Steroid medications are most common, as they are cheaper and most likely to work at first.", Severity.WARNING),
    ("It works.", Severity.WARNING),
    ("Physiotherapy is crucial for management of hip pain.", Severity.WARNING),
    ("Over the counter pain medications can help a great deal with hip pain.", Severity.WARNING),
    ("Many patients with hip joint arthritis are able to control their symptoms and do not require surgery.",
     Severity.ERROR),
    # The service's staff, bookings and steps, breadcrumbs, a condition defined by how long it lasts, its natural
    # course, options, hedges, research described.
    ("Provide manual therapy to reduce pain, tightness from hitching your shoulders", Severity.INFO),
    ("Our Radiologists have undergone rigorous training and are dedicated to delivering the best possible "
     "outcomes.", None),
    ("Patients are booked for Blocks using local anesthetic to test the patients response to the procedure.", None),
    ("The outcome of this test will determine the success of the RFA.", Severity.INFO),
    ("Home \u00bb Radiofrequency neurotomy for pain relief in knee osteoarthritis", None),
    ("Chronic pain is a condition of long-term pain that persists beyond the normal expected healing period of 3-6 "
     "months.", None),
    ("Frozen shoulders tend to resolve without treatment over time.", None),
    ("If you are diagnosed with Knee Osteoarthritis, there are a wide range of treatment options to reduce your "
     "pain.", Severity.INFO),
    ("Sometimes wearing specialised shoes or knee brace for Knee Osteoarthritis can be helpful.", Severity.INFO),
    ("There's no way to predict who will benefit from what kind of treatment.", Severity.INFO),
    ("Therefore, researchers have needed to compare certain treatments against the condition without treatment.",
     Severity.INFO),
    ("There is some potential for increased infection risk for patients who have multiple injections.",
     Severity.INFO),
])
def test_plain_claims_lasting_definitions_natural_course_and_the_services_steps(sentence, severity):
    assert judge_sentence(sentence).severity is severity


def test_an_item_under_a_lead_in_announcing_risks_is_a_harm_listed():
    lead_in = "There is now better understanding of the risks, including:"
    listed = judge_sentence("reduced ability to fight infection", lead_in=lead_in)
    assert listed.severity is Severity.INFO and "harm listed" in listed.reason
    assert judge_sentence("reduced ability to fight infection").severity is Severity.WARNING
    # A reassurance under a heading of risks is still one.
    assert judge_sentence("This is temporary and should resolve within a few hours.",
                          lead_in="Risks and side effects").severity is Severity.WARNING


def test_an_item_named_under_a_lead_in_announcing_benefits_is_one_of_them():
    item = "Reduction in muscle tension"
    assert judge_sentence(item, lead_in="There are several other benefits, some of which include:").severity \
        is Severity.WARNING
    assert judge_sentence(item, lead_in="The massage works in several ways:").severity is Severity.INFO


@given(st.text(max_size=400))
def test_every_text_gets_a_judgement(text):
    judged = judge_sentence(text)
    assert judged.severity in (None, *Severity) and (judged.prose or judged.severity is None)


@pytest.mark.parametrize("hostile", ["may " * 20_000, "1 in " * 20_000, "is a " * 20_000 + "method of",
                                     "(" * 50_000, "a," * 50_000, "a \u2022 " * 30_000, "lasting " * 20_000,
                                     "some people " * 20_000, "If it, " * 20_000,
                                     "there are risks" + ", side effects and bruising" * 4_000,
                                     "blocking " + "the nerve " * 20_000, "relief " + "is it " * 12_000,
                                     "every 4 to " * 20_000, "reducing your " * 20_000, "and so " * 20_000,
                                     "to help you " * 10_000 + "recover", "to help you recover " + "and " * 40_000,
                                     "is the best " * 20_000, "risks are grouped into " * 6_000,
                                     "the results are " * 20_000, "evidence " * 20_000 + "is mixed", "I usually " * 20_000, "There are lots of " * 8_000,
                                     "which reduces " * 10_000 + "pain", "reducing a, " * 20_000 + "pain",
                                     "can a " * 20_000 + "by doing", "for the a " * 20_000 + "to work",
                                     "wears off " * 20_000 + "6 hours", "2017 published in " * 10_000 + "Pain",
                                     "able to " * 20_000 + "stop", "providing, " * 20_000, "is worse " * 20_000,
                                     "published on " * 10_000 + "Journal", "review by " * 10_000 + "Jo Smith, M.D.",
                                     "promotes the " * 10_000 + "repair", "non-invasive, " * 10_000 + "alternative for",
                                     "can provide " * 10_000 + "for patients with", "is common in " * 10_000,
                                     "goes into " * 10_000 + "to clean and reduce", "Leaning, " + "can, " * 20_000,
                                     "that does not " * 10_000, "decrease in the " * 10_000 + "pain",
                                     "evidence is not " * 10_000 + "great",
                                     "College " * 20_000 + "advises", "health authorities " * 10_000 + "advise",
                                     "According to data from the " + "Aa " * 20_000 + "Survey",
                                     "no studies showing " * 10_000, "Dr. Smith " * 20_000,
                                     "doesn't usually " * 10_000 + "upset", "prevents a " * 20_000 + "from",
                                     "prevent the " * 20_000 + "signals", "lasts " * 20_000 + "4 hours or longer",
                                     "taking " * 20_000 + "pain relief", "be increased " * 20_000 + "to 60",
                                     "Clinic " * 20_000 + "works", "has been associated with " * 8_000,
                                     "relief " + "a, " * 20_000 + "begins around", "the purpose of " * 10_000 + "is to",
                                     "in two ways " * 10_000, "doctors recommend " * 10_000,
                                     "your care " * 20_000 + "team will", "unrealistic " * 20_000 + "50%",
                                     "acts " * 20_000 + "to reduce", "reviewed " * 20_000 + "in 6 weeks",
                                     "respond " * 20_000 + "uniquely", "are highly " * 20_000 + "effective in:",
                                     "is also a " * 20_000 + "useful pain reliever",
                                     "\u201cI " * 20_000, "for good " * 20_000, "aggravated by " * 20_000,
                                     "Association " * 20_000 + "recommendations", "find the right " * 20_000 + "dose",
                                     "According to the " + "Aa " * 20_000 + "College", "it is common for " * 10_000 + "to use",
                                     "is common after " * 10_000 + "exercise", "someone who " * 20_000 + "wants to",
                                     "Prescribes " * 20_000 + "relief", "studies of " + "a, " * 20_000 + "have been mixed",
                                     "without causing " * 20_000 + "damage", "generally " * 20_000 + "recognized as",
                                     "lasts about " + "1 to " * 20_000 + "minutes", "experienced for at least " * 10_000,
                                     "used for pain, " + "relieve, " * 20_000, "links " * 20_000 + "below",
                                     "does not take or " * 10_000 + "damage", "speeds up the " * 20_000 + "recovery",
                                     "fluids that help to lubricate " + "a " * 30_000, "can be repeated at " * 10_000,
                                     "works on " + "a " * 30_000 + "to reduce", "helps people " * 20_000 + "cope with",
                                     "there is also " * 10_000 + "a risk of", "they will usually be " * 10_000 + "mild",
                                     "without causing significant " * 10_000 + "damage", "Yes, " * 20_000 + "if it helps",
                                     "it is rare to receive more than " * 8_000, "try and " * 20_000 + "reduce",
                                     "works on " + "the " * 30_000 + "to reduce", "a third of " * 20_000 + "patients",
                                     "side effects include; " + "reduced drive, " * 15_000,
                                     "may be repeated at intervals of " * 8_000 + "4",
                                     "methods of " + "a " * 30_000 + "include", "activates the " * 20_000 + "healing",
                                     "will strengthen and " * 10_000 + "repair", "is often recommended " * 10_000 + "after",
                                     "relief " + "a " * 30_000 + "for a few weeks or months", "out of every " * 20_000 + "1",
                                     "one person in " * 20_000, "injected " + "a " * 30_000 + "to help relieve",
                                     "focuses on " * 20_000, "works on the " * 20_000 + "cause",
                                     "the preferred " * 20_000 + "option", "efficacy can be " * 20_000 + "low",
                                     "is a " * 20_000 + "procedure that involves", "read on " * 20_000,
                                     "recovery time is " * 20_000 + "minimal", "will allow you to lead " * 10_000,
                                     "reduce the pain for " * 10_000 + "months", "been shown " * 20_000 + "into",
                                     "discomfort " * 20_000 + "will settle", "this will settle " * 20_000,
                                     "very little " * 20_000 + "effect on the rest of your body",
                                     "increase the risk of " * 10_000, "excluded from " * 20_000 + "trials",
                                     "treated or " * 20_000 + "targeted for relief", "stimulates the " * 20_000 + "growth",
                                     "1/4 of " * 20_000, "five times " * 20_000 + "more", "(to reduce " * 20_000 + ")",
                                     "which will in turn " * 10_000 + "alleviate pain", "are at risk of " * 20_000,
                                     "no high-level " * 20_000 + "studies", "can be of " * 20_000 + "in patients with",
                                     "bleeding " * 20_000 + "should settle", "have no " * 20_000 + "problems",
                                     "a, which should " * 20_000, "one of the most effective " * 10_000, "to great effect " * 10_000,
                                     "focuses on a " * 20_000, "is usually increased " * 10_000 + "to 5",
                                     "twice a week for " * 10_000 + "8 weeks", "waiting time " * 20_000,
                                     "Instead, " * 20_000 + "you will learn", "CG193 " * 20_000,
                                     "well-established " * 20_000, "not completely free of " * 10_000,
                                     "is unclear " * 20_000, "may affect more than " * 10_000 + "1",
                                     "Once, " * 20_000 + "it is a good option", "after three or " * 10_000 + "sessions",
                                     "the #1 " * 20_000 + "treatment", "prevents you from " * 10_000 + "surgery",
                                     "The pain can last " + "a " * 30_000, "100 x " * 20_000 + "lower",
                                     "they looked at " * 10_000 + "persons", "is a condition " * 10_000 + "with",
                                     "specialized in " + "a " * 30_000 + "for over 20 years",
                                     "carry a risk of unwanted " * 8_000 + "side effects",
                                     "considered " + "a " * 30_000 + "by the organisations", "1,000," * 20_000,
                                     "In June 2012, the " + "Aa " * 20_000 + "issued", "In June 2012, the " + "A" * 60_000 + " x", "no " * 20_000 + "risk free",
                                     "repairs a " * 20_000 + "fracture", "don't get any " * 10_000 + "side effects",
                                     "you've already " * 10_000 + "tried", "is commonly caused by " * 10_000,
                                     "aged 6 years and " * 10_000, "sometimes " + "a " * 30_000 + "helpful",
                                     "Home \u00bb " * 20_000, "is crucial for " * 10_000 + "management",
                                     "tend to resolve " * 10_000 + "over time", "without damaging " * 20_000,
                                     "researchers have needed to " * 8_000 + "compare"],
                         ids=lambda hostile: f"{hostile[:24]!r}x{len(hostile)}")
def test_judgement_takes_linear_time(hostile):
    # Linear judging takes about 5-7 us a character of these strings (1-2 s on the longest, of
    # 200,000-340,000 characters, and more on a busy machine); a pattern that backtracks over them
    # takes minutes (one that did took 10 s on 40 characters), so a bound of 30 us a character, and
    # at least 5 s, tells the two apart without failing on a shared machine's load.
    started = time.perf_counter()
    judge_sentence(hostile)
    assert time.perf_counter() - started < max(5.0, 30e-6 * len(hostile))


_CASELESS = {name: value for name, value in vars(kinds).items() if isinstance(value, kinds._Caseless)}
# Letters and marks patient articles print (typographic quotes and dashes, accents), digits, and
# both cases: the strings are built from each pattern's own words so that matches are common.
_TEXT_ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:'%-()"
                                      "\u2019\u201c\u201d\u2013\u00e9\u00c9\u00a0"))


@pytest.mark.parametrize("name", sorted(_CASELESS))
@given(data=st.data())
def test_a_caseless_pattern_finds_what_ignorecase_finds(name, data):
    caseless = _CASELESS[name]
    words = re.findall(r"[a-z']{2,}", caseless.pattern.pattern) or ["a"]
    piece = st.one_of(st.sampled_from(words).map(lambda w: data.draw(st.sampled_from([w, w.upper(), w.title()]))),
                      st.text(_TEXT_ALPHABET, max_size=4), st.sampled_from([" ", " ", "3 ", "% "]))
    text = "".join(data.draw(st.lists(piece, max_size=12)))
    assert (caseless.search(text) is None) == (re.search(caseless.pattern.pattern, text, re.IGNORECASE) is None)


def test_a_caseless_pattern_is_written_in_lower_case():
    with pytest.raises(ValueError, match="lower case"):
        kinds._Caseless(r"\bDr\.? [A-Z]")
    assert kinds._Caseless(r"\bdr\.? \w+ \d").search("Dr. Smith 3") is not None
