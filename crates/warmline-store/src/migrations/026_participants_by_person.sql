-- Each person's latest and first touch after a day (a load's last contacts and after-event
-- rule, a person's card) read the participants by person and then looked up each row's
-- day: a million lookups at 100,000 people. The day rides in the index by person, so
-- those reads stay in it.
DROP INDEX interaction_people_person;
CREATE INDEX interaction_people_person ON interaction_people(person_id, interaction_id, on_date);
