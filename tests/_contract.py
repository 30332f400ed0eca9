"""The data contract's code lists, typed here by hand from records-and-checks.md so that tests
do not read their expectation from the code they test (the ontology, the importer, the demo)."""

# Section 1's code lists, plus the rule and finding-status lists of docs/architecture.md.
CONTRACT_CODES = {
    "org-kind": {"committee", "general_branch", "branch", "leadership_team"},
    "member-status": {"active", "probationary", "retired", "mobile", "deceased"},
    "post": {"secretary", "deputy_secretary", "committee_member", "team_member", "leading_cadre"},
    "meeting-kind": {"general_assembly", "committee_meeting", "group_meeting", "party_lecture", "democratic_life",
                     "organizational_life", "theme_day", "study_day", "member_appraisal", "oath_renewal"},
    "attendance-status": {"present", "excused", "absent"},
    "attendance-role": {"participant", "guide"},
    "event-kind": {"development", "transfer", "honor", "ideological_fluctuation", "organizational_handling",
                   "disciplinary_sanction", "warning_sign", "serious_illness", "major_setback", "disaster",
                   "family_crisis", "retirement", "psychological_trauma", "relief_application", "hardship",
                   "injured_on_duty", "died_on_duty"},
    "care-kind": {"talk", "visit", "relief", "counselling", "medal", "contact_assigned", "mentor_assigned",
                  "political_birthday"},
    "training-kind": {"concentrated", "theory_study", "secretary_rotation"},
    "rule": {"national", "yichun", "qingdao"},
    "finding-status": {"compliant", "violated", "pending"},
}
