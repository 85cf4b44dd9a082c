"""Reading replies clause by clause: who speaks, what is negated, and what is only a condition,
a hedge, a question or a wish that is past. Each case is a kind of sentence, not one mail."""

from __future__ import annotations

import dataclasses

import pytest
import simplemma

from mailbot.domain.model import ReplyKind, Thread
from mailbot.jobs.time_limit import time_limit
from mailbot.understand import clauses
from mailbot.understand.classify import classify
from mailbot.understand.clauses import FIRST, READER, THIRD, read
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases
from tests.support.samples import CONTEXT, plain

GERMAN = Phrases.load().by_language["de"]
EVENT = dataclasses.replace(CONTEXT, event_title="Zukunftswerkstatt innovative Verwaltung")
IN_THE_INVITATION = Thread("invitation", invited=True)


def kind(body: str, thread: Thread | None = IN_THE_INVITATION) -> ReplyKind:
    return classify(parse(plain(body)), EVENT, thread).kind


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a negated noun or verb is a no, whatever word carries the cue
        ("Von einer Teilnahme sehe ich ab.", ReplyKind.DECLINE),
        ("Hiermit sage ich meine Teilnahme ab.", ReplyKind.DECLINE),
        ("Leider klappt es bei mir nicht.", ReplyKind.DECLINE),
        (
            "Eine Zusage ist mir, da ich im Ausschuss sitze, leider nicht möglich.",
            ReplyKind.DECLINE,
        ),
        # a negation word that says nothing negative
        ("Ohne Frage komme ich!", ReplyKind.REGISTRATION),
        ("Keine Absage von mir – ich komme!", ReplyKind.REGISTRATION),
        ("Das lasse ich mir nicht entgehen.", ReplyKind.REGISTRATION),
        # a wish that is past is a no
        ("Ich hätte gern teilgenommen, bin aber an dem Tag verhindert.", ReplyKind.DECLINE),
        ("I'd have loved to attend, but I'm away that week.", ReplyKind.DECLINE),
        ("I’d have loved to attend, but I'm away that week.", ReplyKind.DECLINE),
        # in words that are no cue by themselves; a present wish stays a yes
        ("I'd have loved to make it but I'll be abroad that week.", ReplyKind.DECLINE),
        ("I would have liked to be there, but I am away that week.", ReplyKind.DECLINE),
        ("I'd love to make it, see you there!", ReplyKind.REGISTRATION),
        ("I would have liked to know whether there is parking.", ReplyKind.UNCLEAR),
        # a "yes" that says the mail was seen is no yes to coming
        (
            "Yes I saw this, but no, I've booked something else for that day. Give it to the next.",
            ReplyKind.DECLINE,
        ),
        ("Ja, ich habe die Mail gesehen, aber nein, ich bin leider verhindert.", ReplyKind.DECLINE),
        ("Yes, I received the invitation and I'll be there.", ReplyKind.REGISTRATION),
        ("Yes I saw it.", ReplyKind.UNCLEAR),
        # what the sender thanks for is the reader's act
        ("Ja, ich komme sehr gern – vielen Dank fürs Nachrücken!", ReplyKind.REGISTRATION),
        ("Vielen Dank für die Absage-Info, ich komme trotzdem.", ReplyKind.REGISTRATION),
        ("Thanks for registering me, see you there!", ReplyKind.REGISTRATION),
        ("Nein, danke für das Angebot.", ReplyKind.DECLINE),
        ("Danke für die Einladung. Leider kann ich nicht teilnehmen.", ReplyKind.DECLINE),
        # "Dann …" after a fact is a "so"; after a condition or a question it is under it
        ("Der erste Zug kommt erst um 10 an. Dann muss ich leider absagen.", ReplyKind.DECLINE),
        ("Der neue Termin passt mir. Dann komme ich gern.", ReplyKind.REGISTRATION),
        ("Falls es bei 9:30 Uhr bleibt. Dann muss ich leider absagen.", ReplyKind.UNCLEAR),
        ("Wenn der Termin bleibt, dann muss ich leider absagen.", ReplyKind.UNCLEAR),
        ("Ist noch ein Platz frei? Dann komme ich gern.", ReplyKind.QUESTION),
        # a "kommt" in the sender's clause has a thing as its subject; something came up
        ("Mir kommt leider etwas dazwischen.", ReplyKind.DECLINE),
        ("Mir ist leider ein Termin mit dem Bürgermeister dazwischengekommen.", ReplyKind.DECLINE),
        ("Ich komme gern, falls nichts dazwischenkommt.", ReplyKind.UNCLEAR),
        ("Ich komme gern mit meiner Kollegin.", ReplyKind.REGISTRATION),
        ("Ich und meine Kollegin können leider nicht.", ReplyKind.UNCLEAR),
        # maybe bringing someone along is a doubt about them, not about the sender's yes
        ("Komme gern! Eventuell bringe ich meinen Kollegen mit.", ReplyKind.REGISTRATION),
        ("I'll attend. I might bring a colleague along.", ReplyKind.REGISTRATION),
        ("Ich komme gern, muss aber noch mit meinem Chef klären.", ReplyKind.UNCLEAR),
        ("Ich komme eventuell mit einer Kollegin.", ReplyKind.UNCLEAR),
        ("Vielleicht bringe ich eine Kollegin mit.", ReplyKind.UNCLEAR),
        # wanting to know whether something holds asks the reader; not knowing whether one
        # comes is undecided
        (
            "Ich nehme gern teil. Ich wüsste gern, ob die Räume stufenlos erreichbar sind.",
            ReplyKind.REGISTRATION,
        ),
        ("Ich melde mich an und möchte gern wissen, ob es Parkplätze gibt.", ReplyKind.QUESTION),
        ("Ich komme gern, weiß aber nicht, ob ich den ganzen Tag bleiben kann.", ReplyKind.UNCLEAR),
        # a pronoun with the verb right after it points back in a sentence of its own; with
        # the subject after it, it opens a relative clause about something else
        (
            "Ich meine die Zukunftswerkstatt, für die möchte ich mich anmelden.",
            ReplyKind.REGISTRATION,
        ),
        ("Ich habe eine Sitzung, an der ich teilnehmen muss.", ReplyKind.UNCLEAR),
        # an English condition after the cue without a comma is a condition, and its negation
        # is its own, never the cue's (these declined)
        ("Please register me if it's not too late.", ReplyKind.UNCLEAR),
        ("I'll attend if my boss doesn't object.", ReplyKind.UNCLEAR),
        ("Ich melde mich an, wenn es nicht zu spät ist.", ReplyKind.UNCLEAR),
        ("Please register me if there's still a seat.", ReplyKind.REGISTRATION),
        ("I can't attend if it's on a Friday.", ReplyKind.UNCLEAR),
        # "I'd" is the sender, after a clause about another; an approval given is no condition
        ("My director has approved the trip, so I'd like to attend.", ReplyKind.REGISTRATION),
        (
            "Mein Chef hat die Dienstreise genehmigt, daher melde ich mich gern an.",
            ReplyKind.REGISTRATION,
        ),
        ("I'd like to attend once my director has approved the trip.", ReplyKind.UNCLEAR),
        ("Ich melde mich an, sobald mein Chef die Dienstreise genehmigt hat.", ReplyKind.UNCLEAR),
        ("My colleague would like to attend.", ReplyKind.UNCLEAR),
        # "no longer" negates like "nicht mehr" (these registered)
        ("We're no longer attending.", ReplyKind.CANCELLATION),
        ("I'm no longer able to attend.", ReplyKind.CANCELLATION),
        ("I can no longer make it.", ReplyKind.CANCELLATION),
        ("Ich komme nicht mehr.", ReplyKind.CANCELLATION),
        ("I'm no longer in that role, please register my successor.", ReplyKind.UNCLEAR),
        ("Bitte melden Sie meine Nachfolgerin an.", ReplyKind.UNCLEAR),
        ("Meine Anmeldung hat sich erledigt.", ReplyKind.CANCELLATION),
        # noes and withdrawals in ordinary words
        ("That date doesn't work for me.", ReplyKind.DECLINE),
        ("That works for me, see you there.", ReplyKind.REGISTRATION),
        ("I'm tied up that day.", ReplyKind.DECLINE),
        ("I'm unavailable on the 14th.", ReplyKind.DECLINE),
        ("I'm going to have to bow out.", ReplyKind.DECLINE),
        ("I need to pull out, sorry.", ReplyKind.CANCELLATION),
        ("Please drop me from the list.", ReplyKind.CANCELLATION),
        ("Ich bin am 14. nicht im Haus.", ReplyKind.DECLINE),
        ("If the 14th doesn't work for me, I'll let you know.", ReplyKind.UNCLEAR),
        # a no with its verb left out is a no, so a wish it gives up is a decline, never a yes
        ("I'd love to come, but I can't on that day.", ReplyKind.DECLINE),
        ("I'd love to attend, but I'm not able to.", ReplyKind.DECLINE),
        ("I can't.", ReplyKind.DECLINE),
        ("Not really.", ReplyKind.UNCLEAR),
        ("Sorry, can't.", ReplyKind.DECLINE),
        ("Danke, kein Bedarf.", ReplyKind.DECLINE),
        ("I'll pass the invitation to Anna.", ReplyKind.UNCLEAR),
        # someone not named as the one who comes is another person (this registered the sender)
        ("Jemand von uns wird teilnehmen.", ReplyKind.UNCLEAR),
        ("Someone from my team will attend.", ReplyKind.UNCLEAR),
        ("Please give my seat to someone from the waiting list.", ReplyKind.DECLINE),
        # a yes with its verb in the third person is another's (this registered the sender)
        ("Die Stadt Kiel nimmt teil.", ReplyKind.UNCLEAR),
        ("Nehme gern teil.", ReplyKind.REGISTRATION),
        ("Leider klappt es bei mir nicht.", ReplyKind.DECLINE),
        # a German "kann … nicht" is about coming unless the clause names another thing done:
        # a noun is no verb ("an dem Tag"), an infinitive closing the clause is (these declined)
        ("Ich kann an dem Tag leider nicht.", ReplyKind.DECLINE),
        ("Ich bin an dem Tag nicht da.", ReplyKind.DECLINE),
        ("Ich kann das Formular leider nicht öffnen.", ReplyKind.UNCLEAR),
        ("Ich kann die Einladung leider nicht finden.", ReplyKind.UNCLEAR),
        ("Ich kann leider nicht vorbeikommen.", ReplyKind.DECLINE),
        ("Ich kann morgen leider nicht.", ReplyKind.DECLINE),
        # other plans and a full day in ordinary words
        ("Am 14. sitze ich leider im Kreistag.", ReplyKind.DECLINE),
        ("Da habe ich leider schon etwas anderes vor.", ReplyKind.DECLINE),
        ("Mein Kalender ist an dem Tag leider voll.", ReplyKind.DECLINE),
        ("Da bin ich leider raus.", ReplyKind.DECLINE),
        ("Ich muss mich leider ausklinken.", ReplyKind.DECLINE),
        ("Bitte nehmen Sie mich von der Teilnehmerliste.", ReplyKind.CANCELLATION),
        ("Ich sitze im Kreistag und komme gern.", ReplyKind.REGISTRATION),
        # a negated noun with another verb denies that verb ("can't find the form" declined);
        # a form's line answered no stays a no
        ("I can't find the registration form.", ReplyKind.UNCLEAR),
        ("Registration: no, thanks.", ReplyKind.DECLINE),
        ("Keine Teilnahme.", ReplyKind.DECLINE),
        # a part of the day in English too; the days around it are another time
        ("I'm not available in the morning, only the afternoon.", ReplyKind.UNCLEAR),
        ("I cannot attend the dinner but will be at the workshop.", ReplyKind.UNCLEAR),
        ("Am Abendessen nehme ich nicht teil.", ReplyKind.UNCLEAR),
        ("I'm not available that day.", ReplyKind.DECLINE),
        ("I'm on leave the week before. Count me in!", ReplyKind.REGISTRATION),
        ("In der Woche davor bin ich im Urlaub, am 14. komme ich gern.", ReplyKind.REGISTRATION),
        # the answer named ("Put me down as a no" registered)
        ("Put me down as a no.", ReplyKind.DECLINE),
        ("Put me down as a maybe.", ReplyKind.UNCLEAR),
        ("I'm afraid that's a no from me.", ReplyKind.DECLINE),
        ("It's a yes from me!", ReplyKind.REGISTRATION),
        ("Von mir leider ein Nein.", ReplyKind.DECLINE),
        ("Von mir ein klares Ja.", ReplyKind.REGISTRATION),
        ("I can't say no to this, count me in.", ReplyKind.REGISTRATION),
        ("Sie können fest mit mir rechnen.", ReplyKind.REGISTRATION),
        ("Don't count on me this time.", ReplyKind.DECLINE),
        # a yes only hoped for, or under a belief denied, is undecided (these registered)
        ("Ich glaube nicht, dass ich kommen kann.", ReplyKind.UNCLEAR),
        ("Ich hoffe, dass ich kommen kann.", ReplyKind.UNCLEAR),
        ("I hope I can make it.", ReplyKind.UNCLEAR),
        ("I hope to attend.", ReplyKind.UNCLEAR),
        ("Ich glaube, dass ich komme.", ReplyKind.REGISTRATION),
        ("Ich komme gern. Ich hoffe, es gibt Parkplätze.", ReplyKind.REGISTRATION),
        ("I'll attend and hope to meet many colleagues.", ReplyKind.REGISTRATION),
        # giving up a meal is no no (this declined)
        ("Ich verzichte gern auf das Mittagessen.", ReplyKind.UNCLEAR),
        ("Ich verzichte auf das Abendessen, komme aber gern.", ReplyKind.REGISTRATION),
        ("I'll skip the dinner.", ReplyKind.UNCLEAR),
        ("Ich verzichte.", ReplyKind.DECLINE),
        ("I'll skip this one.", ReplyKind.DECLINE),
        # "no way" negates; a doubt is a hedge; a plan that was is no intent now
        ("There's no way I'd miss this.", ReplyKind.REGISTRATION),
        ("There's no way I can attend.", ReplyKind.DECLINE),
        ("I doubt I can make it.", ReplyKind.UNCLEAR),
        ("I had planned to attend, but something came up.", ReplyKind.UNCLEAR),
        ("Ich hatte vor zu kommen, bin aber krank.", ReplyKind.UNCLEAR),
        ("Ich wollte eigentlich kommen, aber es geht nicht.", ReplyKind.UNCLEAR),
        ("Eigentlich wollte ich absagen, aber ich komme doch.", ReplyKind.REGISTRATION),
        ("I was going to decline, but I'll come after all.", ReplyKind.REGISTRATION),
        # a past of one's own beside today's yes is no wish
        ("I'd have registered earlier, but I was on leave. Count me in!", ReplyKind.REGISTRATION),
        # a no softened for another time stays a no
        ("Leider nicht, vielleicht beim nächsten Mal.", ReplyKind.DECLINE),
        # a yes for a later occasion beside today's no is no yes to this one
        (
            "Ich muss diesmal passen. Für künftige Formate bin ich sehr gern wieder ansprechbar.",
            ReplyKind.DECLINE,
        ),
        (
            "Ich muss absagen. Gern lasse ich mich für eine nächste Durchführung vormerken.",
            ReplyKind.DECLINE,
        ),
        ("I can't make it, unfortunately. I'd love to attend future workshops.", ReplyKind.DECLINE),
        # and alone it says nothing about this one
        ("Für künftige Formate bin ich sehr gern ansprechbar.", ReplyKind.UNCLEAR),
        ("I'll attend. Please keep me posted about future events.", ReplyKind.REGISTRATION),
        # a yes with a partial restriction stays a yes
        ("Ich melde mich an, kann aber erst ab 11 Uhr.", ReplyKind.REGISTRATION),
        ("Ich komme gern, voraussichtlich gegen 9:15 Uhr.", ReplyKind.REGISTRATION),
        # conditions and hedges decide nothing
        ("Sofern mein Dezernent zustimmt, melde ich mich an.", ReplyKind.UNCLEAR),
        ("Ich kann es noch nicht fest zusagen.", ReplyKind.UNCLEAR),
        ("Ich würde gerne teilnehmen, bin aber leider im Ausschuss. Mal sehen.", ReplyKind.UNCLEAR),
        # a cue that is the reader's, or a third person's
        ("Sichern Sie sich jetzt Ihren Platz!", ReplyKind.UNCLEAR),
        ("Unsere Amtsleiterin, Frau Dr. Lindqvist, wird teilnehmen.", ReplyKind.UNCLEAR),
        ("Ich kann nicht, aber mein Kollege kommt an meiner Stelle.", ReplyKind.UNCLEAR),
        # off the list, in answer to the invitation: a no (nothing was registered); a protest
        ("Nehmen Sie mich bitte von der Liste.", ReplyKind.DECLINE),
        ("Ich habe mich nicht abgemeldet und bleibe dabei.", ReplyKind.UNCLEAR),
        # a past act reported beside today's intent is no intent now
        ("Ich habe dafür eine Sitzung abgesagt und komme gern.", ReplyKind.REGISTRATION),
        ("Ich hatte mich angemeldet, muss die Anmeldung aber stornieren.", ReplyKind.CANCELLATION),
        ("Letztes Mal musste ich absagen, diesmal bin ich dabei.", ReplyKind.REGISTRATION),
        ("I attended last spring, but I'll have to skip this one.", ReplyKind.DECLINE),
        ("Ich habe für den Tag einen anderen Termin zugesagt.", ReplyKind.DECLINE),
        # an open question or a decision still to be made leaves the yes undecided
        ("Ich würde gern kommen, muss aber erst klären, ob ich frei bin.", ReplyKind.UNCLEAR),
        ("Ob ich komme, hängt von der Sitzung des Kreistags ab.", ReplyKind.UNCLEAR),
        ("Im Prinzip gern, aber ich kann es nicht versprechen.", ReplyKind.UNCLEAR),
        # a negated "möglich" declines what its infinitive names; a double negation is a yes
        (
            "Es ist mir leider nicht möglich, bis zum Ende zu bleiben, aber ich komme gern.",
            ReplyKind.REGISTRATION,
        ),
        ("Ich kann es mir nicht leisten, nicht dabei zu sein.", ReplyKind.REGISTRATION),
        # a seat handed to someone else is for a human
        (
            "Ich kann leider doch nicht. Meinen Platz würde gern meine Kollegin übernehmen.",
            ReplyKind.UNCLEAR,
        ),
        # a yes in an idiom, but not one for another occasion
        ("Wir sehen uns am 14. in Quickborn!", ReplyKind.REGISTRATION),
        ("Schade! Wir sehen uns beim nächsten Mal.", ReplyKind.UNCLEAR),
        # French and Dutch; "participer" said of colleagues is no yes of the sender's
        ("Je serai ravie de participer.", ReplyKind.REGISTRATION),
        ("Je transmets l'invitation aux collègues qui souhaitent participer.", ReplyKind.UNCLEAR),
        ("Malheureusement, je ne pourrai pas participer.", ReplyKind.DECLINE),
        ("Helaas kan ik niet aanwezig zijn.", ReplyKind.DECLINE),
        # Spanish; "no" negates there, so a negated yes is no yes
        ("Sí, me apunto con mucho gusto.", ReplyKind.REGISTRATION),
        ("Muchas gracias, asistiré.", ReplyKind.REGISTRATION),
        ("Lamentablemente no podré asistir.", ReplyKind.DECLINE),
        ("Hola, todavía no sé si podré asistir.", ReplyKind.UNCLEAR),
        ("Hola, de momento no me apunto, gracias.", ReplyKind.DECLINE),
        ("Hola, todavía no puedo confirmar mi asistencia, gracias.", ReplyKind.UNCLEAR),
        ("Gracias, si me lo aprueban, asistiré.", ReplyKind.UNCLEAR),
        # "cancelar" begins like the English "cancel", but the Spanish reading negates it
        ("Estimados, no quiero cancelar, solo cambiar mi dieta.", ReplyKind.UNCLEAR),
        # a question asked about the place beside a yes leaves the yes standing (the question
        # goes to the organizers with it); being unsure whether it works out does not
        ("Ich komme gern. Ob es im Gebäude einen Aufzug gibt?", ReplyKind.REGISTRATION),
        (
            "Ich melde mich an. Für einen Hinweis, ob die Räume stufenlos sind, wäre ich dankbar.",
            ReplyKind.REGISTRATION,
        ),
        ("Ich komme gern, weiß aber nicht, ob ich frei bekomme.", ReplyKind.UNCLEAR),
        ("Ich komme gern, weiß aber nicht, ob es zeitlich klappt.", ReplyKind.UNCLEAR),
        # a yes planned under a condition the bot cannot check stays asked
        ("Falls es vegane Verpflegung gibt, würde ich gern kommen.", ReplyKind.UNCLEAR),
        # a deputy who comes in person registers; one who writes for the other does not
        ("Unser Amtsleiter ist verhindert; ich komme in Vertretung.", ReplyKind.REGISTRATION),
        ("Im Auftrag von Herrn Dr. Ohlsen melde ich ihn an.", ReplyKind.UNCLEAR),
        ("Ich schreibe im Auftrag von Frau Kern, die gern teilnimmt.", ReplyKind.UNCLEAR),
        ("Ich nehme in Vertretung für sie teil.", ReplyKind.REGISTRATION),
        # (English, though the German reading finds the same "on behalf of")
        (
            "Our director cannot travel, so I will attend on behalf of our team.",
            ReplyKind.REGISTRATION,
        ),
        # nobody sent in one's place is a plain no, not a stand-in
        (
            "Ich kann leider nicht teilnehmen. Eine Vertretung können wir nicht entsenden.",
            ReplyKind.DECLINE,
        ),
        # an office as the place of a decision is no other person
        ("Nach Abstimmung im Referat sehe ich von einer Teilnahme ab.", ReplyKind.DECLINE),
        # another's past act is context; a comment on what one knows is no condition
        (
            "Ich schaffe es leider nicht. Herr Lüders hat sich, soweit ich weiß, schon angemeldet.",
            ReplyKind.DECLINE,
        ),
        # where to be instead, beside a no, is no yes
        (
            "Leider muss ich meine Anmeldung zurückziehen – an dem Tag tagt der Rat, da muss "
            "ich dabei sein.",
            ReplyKind.CANCELLATION,
        ),
        # a no that is itself denied says no no; the words beside it say what
        ("Da kann ich eigentlich nicht absagen – ich bin gern dabei.", ReplyKind.REGISTRATION),
        ("Ich sage nicht ab, ich komme.", ReplyKind.REGISTRATION),
        ("I couldn't say no to that – I'll be there.", ReplyKind.REGISTRATION),
        ("Ich kann nicht teilnehmen und muss absagen.", ReplyKind.DECLINE),
        ("I cannot attend and must decline.", ReplyKind.DECLINE),
        # "not without joy" is a glad yes; "not without approval" stays a negation
        ("Nicht ohne Freude sage ich zu!", ReplyKind.REGISTRATION),
        ("Ich kann nicht ohne Genehmigung zusagen.", ReplyKind.DECLINE),
        # a sentence that is only "Nicht." takes back the yes before it, in irony
        (
            "Da wäre ich natürlich gern dabei. Nicht. Spaß beiseite, ich bin raus.",
            ReplyKind.DECLINE,
        ),
        ("Ich komme gern. Nicht.", ReplyKind.UNCLEAR),
        ("Ich komme gern. Nicht nur das: ich bringe Kuchen mit.", ReplyKind.REGISTRATION),
        # taking part from afar is another way than the one offered: undecided
        ("I would love to participate remotely.", ReplyKind.UNCLEAR),
        ("Ich würde gern online teilnehmen.", ReplyKind.UNCLEAR),
        # no interest, and off the distribution list, in answer to the invitation: a no
        ("Kein Interesse. Bitte nehmen Sie mich aus Ihrem Verteiler.", ReplyKind.DECLINE),
        ("Not interested, thanks.", ReplyKind.DECLINE),
        ("An Werbung habe ich kein Interesse.", ReplyKind.UNCLEAR),
        ("Not interested in marketing mail.", ReplyKind.UNCLEAR),
        # another person who signs up on their own is no stand-in; one in the sender's place is
        (
            "I'd like to register. My colleague Lisa asked whether she could come too – I told "
            "her to write to you herself.",
            ReplyKind.REGISTRATION,
        ),
        (
            "Leider bin ich verhindert. Statt meiner kommt Frau Petersen, sie meldet sich selbst.",
            ReplyKind.UNCLEAR,
        ),
        (
            "Ich kann leider nicht. Meine Kollegin möchte kommen, sie meldet sich selbst.",
            ReplyKind.DECLINE,
        ),
        (
            "Ich kann leider nicht. Meine Kollegin möchte kommen, bitte melden Sie sie an.",
            ReplyKind.UNCLEAR,
        ),
        # the English "of" opens no Dutch question; a unit's abbreviation ends no sentence
        ("Of course I will be there.", ReplyKind.REGISTRATION),
        (
            "I'd be glad to attend.\nOrganisation: Ministry, Dept. of Digital Services",
            ReplyKind.REGISTRATION,
        ),
        # Italian "vengo"
        ("Sì, vengo volentieri! Grazie mille.", ReplyKind.REGISTRATION),
        ("Purtroppo non vengo, grazie.", ReplyKind.DECLINE),
        # ordinary German and English noes without a word of coming
        ("Am 14. geht's bei mir leider nicht.", ReplyKind.DECLINE),
        ("Hab an dem Abend Ausschuss, wird also nix.", ReplyKind.DECLINE),
        ("Thanks for the invitation – sadly I can't make it this time.", ReplyKind.DECLINE),
        # English yes in other words; a question about who else comes is none; a mayor is
        # another person; not knowing yet is undecided, not a no
        ("Happy to take part – see you then.", ReplyKind.REGISTRATION),
        ("I'll join you in Quickborn!", ReplyKind.REGISTRATION),
        ("I'd like to know who else will take part.", ReplyKind.QUESTION),
        ("Our mayor will take part.", ReplyKind.UNCLEAR),
        ("I don't know yet if I can attend.", ReplyKind.UNCLEAR),
        # elsewhere on the day, said with a regret or a "but", is a no; the way there is not
        ("Das klingt super, aber am 14. bin ich in Berlin.", ReplyKind.DECLINE),
        ("Unfortunately I'm in Brussels that week.", ReplyKind.DECLINE),
        ("Am 14. bin ich in Quickborn!", ReplyKind.UNCLEAR),
        (
            "Am 14. bin ich leider erst ab 11 Uhr in Quickborn, komme aber gern.",
            ReplyKind.REGISTRATION,
        ),
        ("I am in Brussels that week but I'll fly back to attend.", ReplyKind.REGISTRATION),
        # how one is now ("anderweitig gebunden") is no report of the past
        ("Ich bin an dem Tag leider schon anderweitig gebunden.", ReplyKind.DECLINE),
        ("Für mich ist der Termin leider ungünstig.", ReplyKind.DECLINE),
        # trying is no promise; passing this time is a no, passing a mail on is not
        ("Ich versuche zu kommen.", ReplyKind.UNCLEAR),
        ("I'll try to make it.", ReplyKind.UNCLEAR),
        ("Thanks, but I'll pass this time.", ReplyKind.DECLINE),
        ("I'll pass it on to the team.", ReplyKind.UNCLEAR),
        ("Wir freuen uns, dabei zu sein.", ReplyKind.REGISTRATION),
        # where one comes from is no yes; the colleague's undecided place leaves the yes
        (
            "Ich komme aus Lübeck und würde gern das Auto nehmen. Gibt es Parkplätze?",
            ReplyKind.QUESTION,
        ),
        ("Ich komme gern aus Kiel angereist.", ReplyKind.REGISTRATION),
        (
            "Ich nehme sehr gerne teil. Falls ja, würde ich ihn gerne gleich mit anmelden.",
            ReplyKind.REGISTRATION,
        ),
        # the reader asked, in small letters too; sorry for answering late is no doubt
        ("hallo, bitte halten sie mir einen platz frei.", ReplyKind.REGISTRATION),
        (
            "Leider melde ich mich erst jetzt. Ich melde mich aber gerne noch an.",
            ReplyKind.REGISTRATION,
        ),
        # a wish the sender's plain no right after it gives up is a no; a no about something
        # else later in the mail leaves the wish to be asked about
        ("I'd love to attend but unfortunately I can't.", ReplyKind.DECLINE),
        ("Ich würde gern kommen, aber der Termin passt leider nicht.", ReplyKind.DECLINE),
        (
            "Ich würde gerne teilnehmen, falls noch ein Platz frei ist. Ich schreibe privat, da "
            "ich gerade im Urlaub bin.",
            ReplyKind.UNCLEAR,
        ),
        (
            "Ich würde gerne teilnehmen, leider habe ich aber am Vormittag einen anderen Termin.",
            ReplyKind.UNCLEAR,
        ),
        # a no conceded, another appointment given up, only online
        ("Ich bin am 14. zwar im Urlaub, komme aber trotzdem.", ReplyKind.REGISTRATION),
        ("I have to cancel another meeting to attend, but I'll be there.", ReplyKind.REGISTRATION),
        ("Ich sage dafür eine Sitzung ab und komme.", ReplyKind.REGISTRATION),
        ("Leider kann ich nur digital teilnehmen – gibt es einen Stream?", ReplyKind.UNCLEAR),
        ("We would be delighted to join you.", ReplyKind.REGISTRATION),
        # "ich melde mich noch" defers, "ich melde mich noch an" registers
        ("Ihre Mail war im Spam. Ich melde mich aber sehr gerne noch an.", ReplyKind.REGISTRATION),
        ("Ich melde mich noch, sobald ich den Kalender kenne.", ReplyKind.UNCLEAR),
        # a statement about taking part, and the reader's participation looked forward to
        ("Die Teilnahme ist kostenfrei.", ReplyKind.UNCLEAR),
        ("Wir freuen uns auf Ihre Teilnahme!", ReplyKind.UNCLEAR),
        # questions ask
        ("Kann man auch nur vormittags teilnehmen?", ReplyKind.QUESTION),
        ("Gibt es vegetarisches Essen? Dann würde ich mich anmelden.", ReplyKind.QUESTION),
        # a yes waiting for someone's approval is undecided, in English too
        (
            "Keen to attend but it's pending approval from my line manager – will confirm by"
            " next week.",
            ReplyKind.UNCLEAR,
        ),
        ("Happy to join, subject to approval by my director.", ReplyKind.UNCLEAR),
        # ... said as what has to happen first, or as a decision promised for later
        (
            "I would very much like to attend, but all travel has to be signed off by our"
            " trustees.",
            ReplyKind.UNCLEAR,
        ),
        ("I'd like to attend, though it needs to be approved by my director.", ReplyKind.UNCLEAR),
        ("Keen to come, but I need the go-ahead from my boss.", ReplyKind.UNCLEAR),
        ("I'd love to attend. I'll confirm one way or the other next week.", ReplyKind.UNCLEAR),
        ("I'll be there. I'll send my dietary details later.", ReplyKind.REGISTRATION),
        ("I'll be there, my trip has been approved.", ReplyKind.REGISTRATION),
        # the registration still ahead of a question keeps an interest undecided
        (
            "We'd be glad to take part with three people. Before we sign up: is the day open"
            " to associations?",
            ReplyKind.UNCLEAR,
        ),
        (
            "Wir hätten großes Interesse. Bevor wir uns verbindlich anmelden: Gibt es einen"
            " Teilnahmebeitrag? Ich würde gern mitkommen.",
            ReplyKind.QUESTION,
        ),
        ("I read the programme before I registered. I'll be there.", ReplyKind.REGISTRATION),
        # taking part in another event on the day is a no, on no day named a doubt
        ("Leider muss ich am 14. an einer Ratssitzung teilnehmen.", ReplyKind.DECLINE),
        ("Unfortunately I now have to attend a board meeting on the 14th.", ReplyKind.DECLINE),
        ("Leider muss ich an einer Klausurtagung teilnehmen.", ReplyKind.UNCLEAR),
        ("Ich nehme gerne an der Veranstaltung teil.", ReplyKind.REGISTRATION),
        # a relative clause accepting the invitation it names accepts
        (
            "Thank you for your kind invitation to the Zukunftswerkstatt, which I am pleased to"
            " accept.",
            ReplyKind.REGISTRATION,
        ),
        # a seat offered and given on in ordinary words
        (
            "Thanks, but I've booked something else for that day in the meantime. Please give it"
            " to the next person.",
            ReplyKind.DECLINE,
        ),
        # the sender changing their mind in the mail: the last word, marked "doch", holds
        (
            "muss leider absagen weil ich an dem tag urlaub hab... ach quatsch, hab grad nochmal"
            " in den kalender geguckt. also komme ich doch gerne!",
            ReplyKind.REGISTRATION,
        ),
        ("Ich sage ab. Ich komme gerne.", ReplyKind.UNCLEAR),
    ],
)
def test_sentences_are_read_in_their_clause(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


def test_each_clause_says_who_speaks() -> None:
    clauses = read("Melden Sie sich jetzt an, ich komme gern. Unser Kämmerer kommt auch.", GERMAN)
    assert [c.speaker for c in clauses] == [READER, FIRST, THIRD]
    assert [c.intent for c in clauses] == ["registration", "registration", "registration"]


def test_unsolicited_mail_registers_only_on_the_senders_own_words_about_this_event() -> None:
    stranger = Thread(None, invited=False)
    assert kind("Bin dabei!", stranger) is ReplyKind.UNCLEAR
    assert kind("Ich melde mich für die Smart City Summit an.", stranger) is ReplyKind.UNCLEAR
    assert kind("Ich melde mich zur Zukunftswerkstatt an.", stranger) is ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    ("answers", "body", "expected"),
    [
        ("clarification", "Ja", ReplyKind.REGISTRATION),
        ("clarification", "Hallo,\n\nnein danke.", ReplyKind.DECLINE),
        ("waitlist_offer", "Ja!", ReplyKind.REGISTRATION),
        ("cancellation_request", "Bestätigt.", ReplyKind.CANCELLATION),
        ("cancellation_request", "Nein", ReplyKind.UNCLEAR),
        # a "no" leading into a question answers something else: a human reads it
        (
            "clarification",
            "Nein, ich wollte nur fragen, ob es Parkplätze gibt.",
            ReplyKind.QUESTION,
        ),
        ("waitlist_offer", "Nein, nur kurz: ob das Catering vegan ist?", ReplyKind.QUESTION),
        # the invitation says "to register, simply reply": a bare yes does that, a hedged one not
        ("invitation", "Ja", ReplyKind.REGISTRATION),
        ("invitation", "Ja, bitte.\n\nName:\nOrganisation:", ReplyKind.REGISTRATION),
        ("invitation", "Ja, vielleicht.", ReplyKind.UNCLEAR),
        ("invitation", "OK", ReplyKind.UNCLEAR),  # "noted" as often as "yes"
        ("invitation", "Ja?", ReplyKind.QUESTION),
        # a condition on the meal, not on the seat, leaves the yes a yes; one on taking part not
        ("clarification", "ja. vegetarisch bitte, falls es mittag gibt", ReplyKind.REGISTRATION),
        ("clarification", "Yes. Vegan please, if there is lunch.", ReplyKind.REGISTRATION),
        ("clarification", "Ja, falls mein Chef zustimmt.", ReplyKind.UNCLEAR),
        ("clarification", "Ja. Falls mein Chef zustimmt.", ReplyKind.UNCLEAR),
    ],
)
def test_a_bare_yes_or_no_answers_the_question_the_bot_asked(
    answers: str, body: str, expected: ReplyKind
) -> None:
    assert kind(body, Thread(answers, invited=True)) is expected


def test_a_line_of_spaces_after_a_form_line_is_read_in_linear_time() -> None:
    """No pattern backtracks on a long line: many such lines are read at once (a stalled
    regex would take minutes here, not a fraction of a second)."""
    body = ("Name:" + " " * 300 + "\n") * 200 + ("a" * 5000 + "@") + "Teilnahme: " + "x " * 3000
    with time_limit(60):  # a guard against a hang, not a measurement
        understood = classify(parse(plain(body)), EVENT, IN_THE_INVITATION)
    assert understood.kind is ReplyKind.UNCLEAR  # noise says nothing


def test_inspect_shows_what_each_clause_contributed() -> None:
    found = read("Ich hatte mich angemeldet, muss aber erst klären, ob ich frei bin.", GERMAN)
    described = [c.describe() for c in found]
    assert "past" in described[0] and "registration ('anmelden')" in described[0]
    assert "pending" in described[1] and "open" in described[2]


def test_a_correction_after_the_confirmation_updates_the_details() -> None:
    confirmed = Thread("confirmation", invited=True)
    body = (
        "Bei der Ernährung bitte glutenfrei statt vegetarisch eintragen, da habe ich mich vertan."
    )
    result = classify(parse(plain(body)), EVENT, confirmed)
    assert result.kind is ReplyKind.REGISTRATION and result.details_only
    assert result.fields["dietary"].value == "glutenfrei"
    taking_part = classify(parse(plain("Ich melde mich an.")), EVENT, confirmed)
    assert taking_part.kind is ReplyKind.REGISTRATION and not taking_part.details_only


@pytest.mark.parametrize(
    "body",
    [
        "Hi, just noticed I left the dietary bit blank - I'm coeliac so gluten-free please.",
        "Ich hatte das Feld Ernährung leer gelassen: bitte vegetarisch.",
    ],
)
def test_a_detail_left_blank_and_sent_after_the_confirmation_updates_the_details(
    body: str,
) -> None:
    result = classify(parse(plain(body)), EVENT, Thread("confirmation", invited=True))
    assert result.kind is ReplyKind.REGISTRATION and result.details_only


def test_a_decline_in_answer_to_the_confirmation_cancels() -> None:
    body = "Leider muss ich meine Teilnahme krankheitsbedingt absagen."
    confirmed = classify(parse(plain(body)), EVENT, Thread("confirmation", invited=True))
    assert confirmed.kind is ReplyKind.CANCELLATION
    assert "in answer to the confirmation" in confirmed.reason
    assert kind(body) is ReplyKind.DECLINE  # to the invitation it is a decline


@pytest.mark.parametrize(
    ("body", "thread", "not_expected"),
    [
        # a registration verb in a "before" clause is a precondition, not an intent
        (
            "Bevor ich mich anmelde, zwei kurze Fragen: Ist die Teilnahme kostenfrei?",
            IN_THE_INVITATION,
            ReplyKind.REGISTRATION,
        ),
        ("Before I register, one question: is there parking?", IN_THE_INVITATION, None),
        # "eintragen" registers only with the sender as its object, not a date in a calendar
        (
            "Im Auftrag von Herrn Bürgermeister Dr. Ohlsen melde ich ihn hiermit an. Bitte senden"
            " Sie die Bestätigung an mich, ich trage den Termin in seinen Kalender ein.",
            IN_THE_INVITATION,
            ReplyKind.REGISTRATION,
        ),
        # a reflexive imperative is the reader's to do, however often "unser" stands beside it
        ("Melden Sie sich jetzt zu unserem Webinar an!", IN_THE_INVITATION, None),
        ("Registrieren Sie sich noch heute für unseren Kongress.", IN_THE_INVITATION, None),
    ],
)
def test_words_that_only_look_like_an_intent_never_act(
    body: str, thread: Thread, not_expected: ReplyKind | None
) -> None:
    found = kind(body, thread)
    assert found not in (ReplyKind.REGISTRATION, ReplyKind.DECLINE, ReplyKind.CANCELLATION)
    assert found is not not_expected


def test_fehlen_declines_only_where_the_sender_is_the_one_missing() -> None:
    body = 'Da fehlt ein Teil: richtig ist "Amt Hüttener Berge".'
    corrected = classify(parse(plain(body)), EVENT, Thread("confirmation", invited=True))
    assert corrected.kind is ReplyKind.REGISTRATION and corrected.details_only
    assert kind("Ich muss am 14. leider fehlen.") is ReplyKind.DECLINE
    assert kind("Bitte tragen Sie mich ein.") is ReplyKind.REGISTRATION


def test_an_office_writing_from_the_invitees_own_mailbox_speaks_for_the_invitee() -> None:
    """The bot's thread with the address proves whose mailbox it is; the name of the person
    the office writes about, in display name and address, says the mail is about that person."""
    body = "Frau Dr. Sander nimmt an der Zukunftswerkstatt teil.\n\ni.A. Petra Schulz"
    own = plain(body, sender="Ulrike Sander <ulrike.sander@kreis.example>")
    assert classify(parse(own), EVENT, IN_THE_INVITATION).kind is ReplyKind.REGISTRATION
    ill = plain(
        "Herr Kaminski ist erkrankt und wird am 14.11. nicht teilnehmen können.",
        sender='"Kaminski, Rainer" <r.kaminski@stadt.example>',
    )
    assert classify(parse(ill), EVENT, IN_THE_INVITATION).kind is ReplyKind.DECLINE
    # an office's own mailbox, another person's name, or no thread of the bot: a stand-in
    for sender, thread in [
        ("Vorzimmer Sander <vorzimmer.sander@kreis.example>", IN_THE_INVITATION),
        ("Petra Schulz <petra.schulz@kreis.example>", IN_THE_INVITATION),
        ("Ulrike Sander <ulrike.sander@kreis.example>", Thread(None, invited=True)),
    ]:
        understood = classify(parse(plain(body, sender=sender)), EVENT, thread)
        assert understood.kind is ReplyKind.UNCLEAR, sender


OFFICE_FOR_SANDER = "Frau Dr. Sander nimmt an der Zukunftswerkstatt teil.\n\ni.A. Petra Schulz"


def test_an_office_speaks_for_the_owner_only_from_an_invited_address() -> None:
    """A reply in the bot's thread from an address never invited (the invitation forwarded):
    nothing proves the mailbox is Frau Sander's, so the mail is a stand-in's."""
    forwarded = plain(OFFICE_FOR_SANDER, sender="Ulrike Sander <ulrike.sander@kreis.example>")
    understood = classify(parse(forwarded), EVENT, Thread("invitation", invited=False))
    assert understood.kind is ReplyKind.UNCLEAR


def test_an_office_speaks_for_the_owner_only_where_the_address_carries_the_surname() -> None:
    """A shared mailbox shown under the mayor's name ("buergermeisterin@"): the display name alone
    does not make the address hers."""
    shared = plain(OFFICE_FOR_SANDER, sender="Ulrike Sander <buergermeisterin@gemeinde.example>")
    assert classify(parse(shared), EVENT, IN_THE_INVITATION).kind is ReplyKind.UNCLEAR


@pytest.mark.parametrize(
    ("body", "sender"),
    [
        ("Frau Ott nimmt an der Zukunftswerkstatt teil.", "Maria Ott <maria.ott@kreis.example>"),
        ("Herr Ahn nimmt an der Zukunftswerkstatt teil.", "Jun Ahn <j.ahn@stadt.example>"),
    ],
)
def test_an_office_speaks_for_an_owner_with_a_three_letter_surname(body: str, sender: str) -> None:
    own = plain(f"{body}\n\ni.A. Petra Schulz", sender=sender)
    assert classify(parse(own), EVENT, IN_THE_INVITATION).kind is ReplyKind.REGISTRATION


def test_an_office_writing_in_english_from_the_owners_mailbox_speaks_for_the_owner() -> None:
    """The owner is known in every language the text is read in, not only the bot's own."""
    body = (
        "Mrs Sander will attend the workshop. Thank you for the invitation.\n\n"
        "Petra Schulz, on behalf of Mrs Sander"
    )
    own = plain(body, sender="Ulrike Sander <ulrike.sander@kreis.example>")
    assert classify(parse(own), EVENT, IN_THE_INVITATION).kind is ReplyKind.REGISTRATION


def test_a_stand_in_is_asked_about_the_senders_own_place_and_yields_no_details() -> None:
    body = "Statt meiner kommt Frau Jana Roth.\n\nErnährung: vegetarisch\n\nChristoph Lenz"
    understood = classify(parse(plain(body)), EVENT, IN_THE_INVITATION)
    assert understood.kind is ReplyKind.UNCLEAR and understood.ask
    assert understood.fields == {}  # the diet is Frau Roth's, not the sender's
    assert any("Jana Roth" in mention for mention in understood.mentions)


@pytest.mark.parametrize(
    ("body", "subject", "expected"),
    [
        # a person's answer beside the absence that an out-of-office notice would also name
        (
            "ab November bin ich in Elternzeit und werde daher nicht dabei sein.",
            "AW: Einladung",
            ReplyKind.DECLINE,
        ),
        (
            "Hallo, ich bin noch bis März in Elternzeit, daher leider nein.",
            "AW: Einladung",
            ReplyKind.DECLINE,
        ),
        # the notice's own words stay a notice: the absence, and another event as its reason
        (
            "Ich bin bis 15.11. im Urlaub und nicht erreichbar. Ihre Nachricht wird nicht "
            "weitergeleitet.",
            "AW: Einladung",
            ReplyKind.AUTO_REPLY,
        ),
        (
            "Ich nehme vom 21. bis 25.10. an einer Fortbildung teil und bin ab 28.10. wieder "
            "im Büro.",
            "AW: Einladung",
            ReplyKind.AUTO_REPLY,
        ),
        # an English notice naming no date of return, only the leave and where to turn
        (
            "Thanks for your message. I'm on annual leave until Monday with no access to "
            "email.\n\nFor anything urgent please contact the team inbox.",
            "Re: Invitation",
            ReplyKind.AUTO_REPLY,
        ),
        (
            "I'm on annual leave that week, so I won't be able to attend, sorry.",
            "Re: Invitation",
            ReplyKind.DECLINE,
        ),
    ],
)
def test_out_of_office_words_beside_a_persons_own_answer(
    body: str, subject: str, expected: ReplyKind
) -> None:
    understood = classify(parse(plain(body, subject=subject)), EVENT, IN_THE_INVITATION)
    assert understood.kind is expected


def test_a_yes_promised_for_after_the_absence_is_the_notices_words_in_any_case() -> None:
    """The notice's marker ("nach meiner rückkehr") in the clause of the yes, capitalised at the
    start of the sentence: a promise for later, no answer now, and left to a human."""
    body = "Ich bin bis 15.11. im Urlaub. Nach meiner Rückkehr melde ich mich verbindlich an."
    understood = classify(parse(plain(body)), EVENT, IN_THE_INVITATION)
    assert understood.kind is ReplyKind.AUTO_REPLY and not understood.certain


def test_a_notice_attending_other_meetings_part_time_is_no_answer_and_never_asked_back() -> None:
    """A part-time yes in the words ("nehme danach nur vormittags an Besprechungen teil"), but
    beside an absence the notice's own account of the days after."""
    body = "Ich bin bis 15.11. in Elternzeit und nehme danach nur vormittags an Besprechungen teil."
    understood = classify(parse(plain(body)), EVENT, IN_THE_INVITATION)
    assert understood.kind is ReplyKind.AUTO_REPLY and not understood.certain
    assert not understood.ask


@pytest.mark.parametrize(
    "body",
    [
        "Ich bin bis 15.11. nicht im Büro und nehme bis dahin am Bundeskongress Digitale "
        "Verwaltung teil.",
        "Ich bin bis 15.11. nicht im Hause, da ich am Deutschen Kommunalkongress teilnehme.",
        "Ich bin bis 15.11. nicht im Büro und nehme ab 18.11. wieder an Terminen teil.",
    ],
)
def test_a_notice_naming_another_event_it_attends_never_registers(body: str) -> None:
    assert kind(body) is not ReplyKind.REGISTRATION


def test_another_organizers_invitation_is_bulk_mail_by_its_words() -> None:
    body = (
        "Sehr geehrte Damen und Herren,\n\nhiermit laden wir Sie herzlich zu unserem Fachtag "
        "„Open Data“ am 28.11. ein. Bitte melden Sie sich bis zum 15.11. an.\n\n"
        "Wir freuen uns auf Ihre Teilnahme!"
    )
    fresh = plain(body, subject="Einladung: Fachtag Open Data")
    understood = classify(parse(fresh), EVENT, Thread(None, invited=True))
    assert understood.kind is ReplyKind.LIST_MAIL and not understood.certain
    # our own event named in the subject, or a reply: read as a person's words
    ours = plain(body, subject="Einladung zur Zukunftswerkstatt")
    assert classify(parse(ours), EVENT, Thread(None, invited=True)).kind is not ReplyKind.LIST_MAIL


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # notices without any header: they say when mail is answered, not whether one comes
        (
            "AW: Einladung",
            "Ich bin vom 11. bis 15.11. auf Dienstreise und kann Ihre Nachricht erst danach "
            "beantworten.",
        ),
        (
            "AW: Einladung",
            "Sehr geehrte Damen und Herren, ich bin bis zum 30.10. im Urlaub. Ab dem 31.10. "
            "bin ich wieder für Sie da.",
        ),
        # another system's confirmation: the participation and the welcome are the reader's
        (
            "Teilnahmebestätigung Fachtag",
            "Wir bestätigen Ihre Teilnahme am Fachtag Open Data am 28.11. Wir freuen uns auf Sie!",
        ),
    ],
)
def test_a_notice_without_headers_never_acts(subject: str, body: str) -> None:
    for thread in (IN_THE_INVITATION, Thread(None, invited=True)):
        understood = classify(parse(plain(body, subject=subject)), EVENT, thread)
        assert understood.kind not in (
            ReplyKind.REGISTRATION,
            ReplyKind.DECLINE,
            ReplyKind.CANCELLATION,
        )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the ordinary yes, no, cancellation and "after all" in each language read
        ("Gentili organizzatori, parteciperò volentieri.", ReplyKind.REGISTRATION),
        ("Purtroppo il 14 non potrò essere presente.", ReplyKind.DECLINE),
        ("Vi prego di annullare la mia iscrizione.", ReplyKind.CANCELLATION),
        ("Alla fine ci sarò anch'io, contate su di me!", ReplyKind.REGISTRATION),
        ("Gracias, allí estaré el 14.", ReplyKind.REGISTRATION),
        ("Lamentablemente no puedo ir.", ReplyKind.DECLINE),
        ("Obrigada, vou participar com todo o gosto.", ReplyKind.REGISTRATION),
        ("Infelizmente não poderei participar.", ReplyKind.DECLINE),
        ("Por favor cancelem a minha inscrição.", ReplyKind.CANCELLATION),
        ("Dziękuję, chętnie wezmę udział.", ReplyKind.REGISTRATION),
        ("Niestety nie mogę wziąć udziału.", ReplyKind.DECLINE),
        ("Proszę anulować moje zgłoszenie.", ReplyKind.CANCELLATION),
        ("Děkuji za pozvání, rád se zúčastním.", ReplyKind.REGISTRATION),
        ("Bohužel se nemohu zúčastnit.", ReplyKind.DECLINE),
        ("Prosím odhlaste mě z akce.", ReplyKind.CANCELLATION),
        ("Tak for invitationen, jeg deltager gerne.", ReplyKind.REGISTRATION),
        ("Jeg kan desværre ikke deltage.", ReplyKind.DECLINE),
        ("Jeg er desværre optaget den dag, så jeg må melde fra.", ReplyKind.DECLINE),
        ("Tak, jeg kommer gerne. Jeg er optaget af emnet.", ReplyKind.REGISTRATION),
        ("Mit møde er flyttet, så jeg kan alligevel – regn med mig!", ReplyKind.REGISTRATION),
        ("Teşekkür ederim, memnuniyetle katılacağım.", ReplyKind.REGISTRATION),
        ("Maalesef katılamayacağım.", ReplyKind.DECLINE),
        ("Lütfen kaydımı iptal edin.", ReplyKind.CANCELLATION),
        ("Merci, comptez sur moi !", ReplyKind.REGISTRATION),
        ("Je ne pourrai malheureusement pas venir.", ReplyKind.DECLINE),
        ("Ik ben er toch bij.", ReplyKind.REGISTRATION),
        # the Dutch "er" is no German "er": no other person named
        ("Helaas kan ik er niet bij zijn.", ReplyKind.DECLINE),
        # a language's own undecided words
        ("Forse parteciperò, vi farò sapere.", ReplyKind.UNCLEAR),
        ("Może wezmę udział, dam znać.", ReplyKind.UNCLEAR),
    ],
)
def test_intent_in_more_languages(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    "body",
    [
        "Tack för inbjudan, men jag kommer tyvärr inte att kunna delta.",  # Swedish
        "Sajnos nem tudok részt venni a rendezvényen.",  # Hungarian
        "Kiitos kutsusta, osallistun mielelläni.",  # Finnish
        "Din păcate nu pot participa.",  # Romanian
    ],
)
def test_a_language_not_read_is_asked_never_acted_on(body: str) -> None:
    result = classify(parse(plain(body)), EVENT, IN_THE_INVITATION)
    assert result.kind is ReplyKind.UNCLEAR and result.ask


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ich werde gerne teilnehemn.", ReplyKind.REGISTRATION),
        ("Hiermit möchte ich mich anmleden.", ReplyKind.REGISTRATION),
        ("Hiermit meine verbindliche Anmledung.", ReplyKind.REGISTRATION),
        ("Ich muss für den 14. leider absgen.", ReplyKind.DECLINE),
        ("I would be glad to particpate.", ReplyKind.REGISTRATION),
    ],
)
def test_a_slip_in_a_long_cue_word_is_read_as_the_word(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    "word",
    [
        "abmelden",  # a real word one letter from "anmelden"
        "anmelder",  # a real word
        "amelden",  # one slip from "anmelden" and from "abmelden": no guess
        "partecipate",  # Italian, one letter from "participate"
        "bteilnehmen",  # a slip in the first letter is not looked for
        "absage",  # short words are never changed
    ],
)
def test_a_real_word_or_an_ambiguous_slip_is_never_made_a_cue(word: str) -> None:
    assert clauses.lemma(word) == simplemma.lemmatize(word, lang=("de", "en")).lower()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a past absence as the reason for a late answer leaves the yes a yes
        (
            "Entschuldigen Sie die späte Rückmeldung, ich war im Urlaub. Ich nehme gern teil.",
            ReplyKind.REGISTRATION,
        ),
        ("Sorry for the late reply, I was on leave. I will attend.", ReplyKind.REGISTRATION),
        (
            "Ich war bis gestern auf Dienstreise, daher erst heute: ich komme gern.",
            ReplyKind.REGISTRATION,
        ),
        ("Ich war im Urlaub und kann am 14. leider nicht teilnehmen.", ReplyKind.DECLINE),
        # in the perfect of what happened meanwhile
        (
            "Die Einladung ist bei mir im Urlaub untergegangen. Ich komme gern.",
            ReplyKind.REGISTRATION,
        ),
        ("Die Einladung ist bei mir im Urlaub untergegangen.", ReplyKind.UNCLEAR),
        # an absence on the day is a no, as before, also in the perfect
        ("Ich habe am 14. Urlaub eingetragen.", ReplyKind.DECLINE),
        ("Am 14. bin ich im Urlaub.", ReplyKind.DECLINE),
        ("I'll be on leave that week.", ReplyKind.DECLINE),
    ],
)
def test_a_past_absence_is_the_reason_for_answering_late(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


def test_a_past_absence_alone_says_nothing_and_is_asked() -> None:
    result = classify(parse(plain("Ich war im Urlaub.")), EVENT, IN_THE_INVITATION)
    assert result.kind is ReplyKind.UNCLEAR and result.ask


ASKED_TO_CONFIRM = Thread("cancellation_request", invited=True)


@pytest.mark.parametrize(
    "body",
    [
        "Ja, das ist richtig, die Abmeldung kam von unserem Vorzimmer.",
        "Ja, das passt so – die Abmeldung kam über mein Sekretariat.",
        "Yes, that's correct - the cancellation came from my office.",
        "Die Abmeldung kam von unserem Vorzimmer. Bitte stornieren.",
        "Bitte stornieren.",
    ],
)
def test_ones_own_office_and_a_bare_please_cancel_confirm_the_cancellation(body: str) -> None:
    assert kind(body, ASKED_TO_CONFIRM) is ReplyKind.CANCELLATION


@pytest.mark.parametrize(
    "body",
    [
        "Ja, bitte stornieren. Die Absage kam von meiner Kollegin im Vorzimmer.",
        "Ja, bitte stornieren. Meine Assistentin hat die Abmeldung für mich geschickt.",
        "Yes please cancel - the cancellation was sent by my PA.",
        "Ja, das stimmt so. Die Absage kam von einem Kollegen aus meinem Team.",
    ],
)
def test_who_sent_the_earlier_message_is_a_past_act_not_a_stand_in(body: str) -> None:
    assert kind(body, ASKED_TO_CONFIRM) is ReplyKind.CANCELLATION


def test_a_message_said_to_come_from_the_sender_now_is_their_own_no() -> None:
    assert kind("Die Absage kommt von mir: ich kann am 14. leider nicht.") is ReplyKind.DECLINE
    # a report of who sent it, and nothing else, is asked about
    assert kind("Die Absage kam von meiner Kollegin.", ASKED_TO_CONFIRM) is ReplyKind.UNCLEAR


@pytest.mark.parametrize(
    ("body", "thread", "expected"),
    [
        ("Bitte vergessen Sie meine Absage, ich komme doch.", None, ReplyKind.REGISTRATION),
        ("Ich ziehe meine Absage zurück und nehme doch teil.", None, ReplyKind.REGISTRATION),
        (
            "Please disregard my earlier decline - I can come after all.",
            None,
            ReplyKind.REGISTRATION,
        ),
        (
            "bitte vergessen Sie meine Absage von letzter Woche – am 14. kann ich also doch. "
            "Wenn noch ein Platz frei ist, melden Sie mich bitte an.",
            None,
            ReplyKind.REGISTRATION,
        ),
        # taking back a no says no more than that: asked, never acted on
        ("Ich ziehe meine Absage zurück.", None, ReplyKind.UNCLEAR),
        ("Ich nehme meine Abmeldung zurück.", "cancellation_request", ReplyKind.UNCLEAR),
        ("Bitte vergessen Sie meine Abmeldung.", "cancellation_request", ReplyKind.UNCLEAR),
        # taking back a registration is a cancellation
        ("Ich muss meine Anmeldung leider zurückziehen.", "confirmation", ReplyKind.CANCELLATION),
    ],
)
def test_ones_own_earlier_no_taken_back_is_no_no(
    body: str, thread: str | None, expected: ReplyKind
) -> None:
    answers = Thread(thread, invited=True) if thread else IN_THE_INVITATION
    assert kind(body, answers) is expected


OFFERED = Thread("waitlist_offer", invited=True)


@pytest.mark.parametrize(
    "body",
    [
        "Danke, aber geben Sie den Platz gern an die nächste Person auf der Warteliste weiter.",
        "Vergeben Sie den Platz bitte anderweitig, der Tag ist bei mir voll.",
        "Thanks, but I've already committed to another meeting, so please offer the seat to "
        "the next person.",
        "Please pass the seat on to the next person in line.",
        "Kind of you, but please release the seat for someone else.",
    ],
)
def test_the_offered_seat_handed_back_to_the_waiting_list_is_a_no(body: str) -> None:
    assert kind(body, OFFERED) is ReplyKind.DECLINE


def test_the_offered_seat_handed_to_a_named_colleague_is_a_stand_in() -> None:
    body = "Meinen Platz geben Sie bitte an meine Kollegin Frau Jansen weiter, sie kommt gern."
    assert kind(body, OFFERED) is ReplyKind.UNCLEAR


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("der meldet sich ggf. selbst", THIRD),
        ("die war leider sehr frontal", THIRD),
        # an article before a noun, and "das" (the sender's own "das passt nicht"), are not
        ("die Haushaltsklausur wurde verschoben", FIRST),
        ("das passt leider nicht", FIRST),
        ("der passt mir leider nicht", FIRST),
    ],
)
def test_a_pronoun_as_the_subject_is_another_person_or_thing(text: str, speaker: str) -> None:
    assert read(text, GERMAN)[0].speaker == speaker


@pytest.mark.parametrize(
    ("body", "thread", "expected"),
    [
        (
            "Ja, ich möchte mich selbst anmelden. Meinen Kollegen hatte ich nur erwähnt, der "
            "meldet sich ggf. selbst.",
            "clarification",
            ReplyKind.REGISTRATION,
        ),
        (
            "Yes, just me. I mentioned my colleague Tom, he may register himself.",
            "clarification",
            ReplyKind.REGISTRATION,
        ),
        (
            "Ja. Mein Kollege meldet sich eventuell selbst an.",
            "clarification",
            ReplyKind.REGISTRATION,
        ),
        # another person's decision still pending doubts the sender's yes
        ("Ich komme gern, meine Chefin entscheidet das aber selbst noch.", None, ReplyKind.UNCLEAR),
        ("Ich komme gern, mein Chef muss aber noch zustimmen.", None, ReplyKind.UNCLEAR),
        # one who comes in person is still another person
        ("Unsere Amtsleiterin nimmt selbst teil.", None, ReplyKind.UNCLEAR),
    ],
)
def test_another_persons_hedge_about_registering_themselves_leaves_the_yes(
    body: str, thread: str | None, expected: ReplyKind
) -> None:
    answers = Thread(thread, invited=True) if thread else IN_THE_INVITATION
    assert kind(body, answers) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ich war letztes Jahr auf einer ähnlichen Tagung; die war leider sehr frontal. "
            "Ich komme gern.",
            ReplyKind.REGISTRATION,
        ),
        ("I'll attend. The last workshop I went to was sadly just slides.", ReplyKind.REGISTRATION),
        # still so: a doubt
        ("Ich komme gern. Die Genehmigung war leider noch nicht da.", ReplyKind.UNCLEAR),
        ("Ich komme gern, bin aber leider im Ausschuss.", ReplyKind.UNCLEAR),
    ],
)
def test_a_regret_about_something_past_does_not_doubt_a_yes(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


def test_a_bare_please_cancel_outside_the_request_is_no_ones_cancellation() -> None:
    assert kind("Bitte stornieren.") is ReplyKind.UNCLEAR
    # another person's office is still another person
    assert kind("Unser Vorzimmer meldet Herrn Maier an.") is ReplyKind.UNCLEAR


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Bitte für mich einen Platz vormerken.", ReplyKind.REGISTRATION),
        ("Ich bitte um Vormerkung für den 14.11.", ReplyKind.REGISTRATION),
        ("Bitte merken Sie mich für den 14. vor.", ReplyKind.REGISTRATION),
        ("Vielen Dank für die Einladung, die ich gerne annehme.", ReplyKind.REGISTRATION),
        # "annehmen" as assuming, and a seat noted only if one comes free, are no yes
        ("Ich nehme an, dass die Veranstaltung ausgebucht ist?", ReplyKind.QUESTION),
        ("Können Sie mich vormerken, falls ein Platz frei wird?", ReplyKind.QUESTION),
    ],
)
def test_a_seat_noted_down_and_an_invitation_gladly_accepted_are_a_yes(
    body: str, expected: ReplyKind
) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("I'm afraid I have a clash on the 14th.", ReplyKind.DECLINE),
        ("I'd love to but I'm double-booked.", ReplyKind.DECLINE),
        ("Unfortunately I am not able to come.", ReplyKind.DECLINE),
        ("I'm unable to make the 14th.", ReplyKind.DECLINE),
        ("Please put my name down.", ReplyKind.REGISTRATION),
        ("Leider habe ich an diesem Tag Urlaub.", ReplyKind.DECLINE),
        # a part of the day or another day is no no
        ("I'm not able to stay for lunch, but I'll come.", ReplyKind.REGISTRATION),
        ("Ich hatte Urlaub und komme gern.", ReplyKind.REGISTRATION),
    ],
)
def test_noes_and_yeses_in_ordinary_words(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


def test_a_name_taken_off_the_list_after_the_confirmation_cancels() -> None:
    confirmed = Thread("confirmation", invited=True)
    assert kind("Please remove my name from the list.", confirmed) is ReplyKind.CANCELLATION


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a yes with a "but" about a part of the day stays a yes in every language
        ("Parteciperò, ma non al pranzo.", ReplyKind.REGISTRATION),
        ("Vou participar, mas não fico para o almoço.", ReplyKind.REGISTRATION),
        ("Jeg deltager, men ikke i frokosten.", ReplyKind.REGISTRATION),
        # "can't wait" is no no
        ("Nie mogę się doczekać, wezmę udział!", ReplyKind.REGISTRATION),
        ("Jeg kan ikke vente – jeg kommer!", ReplyKind.REGISTRATION),
        # another person's yes or no is never the sender's
        ("Il sindaco parteciperà.", ReplyKind.UNCLEAR),
        ("Nasz burmistrz weźmie udział.", ReplyKind.UNCLEAR),
        ("Borgmesteren deltager gerne.", ReplyKind.UNCLEAR),
        ("Borgmesteren kan desværre ikke deltage.", ReplyKind.UNCLEAR),
        ("Il sindaco purtroppo non potrà partecipare.", ReplyKind.UNCLEAR),
    ],
)
def test_a_but_and_a_third_person_in_more_languages(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # a date ends its sentence where the next plainly starts
        ("Die nächste GF-Runde ist erst am 10.10. Sofern die Freigabe kommt, bin ich dabei.", 2),
        ("Ich bin bis zum 3.11. im Urlaub. Ich melde mich danach.", 2),
        # but not before a month or a noun: "am 14. November", "am 14.11. an der Tagung"
        ("Ich nehme am 14. November gern teil.", 1),
        ("Ich nehme am 14.11. an der Tagung teil.", 1),
    ],
)
def test_a_date_ends_its_sentence_only_where_the_next_one_starts(text: str, count: int) -> None:
    assert len(clauses.sentences(text)) == count


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the noun as the subject of any verb is said of the taking part, by nobody
        ("Die Teilnahme steht unter dem Vorbehalt der Genehmigung.", ReplyKind.UNCLEAR),
        ("Die Anmeldung hängt noch von der Genehmigung ab.", ReplyKind.UNCLEAR),
        ("Eine Zusage erfordert erst die Freigabe der Amtsleitung.", ReplyKind.UNCLEAR),
        # the sender after it is the one who takes part
        ("Die Teilnahme bestätige ich hiermit.", ReplyKind.REGISTRATION),
        ("Eine Teilnahme freut mich sehr.", ReplyKind.REGISTRATION),
        ("Teilnahme: ja", ReplyKind.REGISTRATION),
    ],
)
def test_the_noun_as_the_subject_of_a_statement_is_nobodys_yes(
    body: str, expected: ReplyKind
) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("", ReplyKind.REGISTRATION),
        ("Unter Vorbehalt:", ReplyKind.UNCLEAR),
        ("Ich melde mich noch, sobald ich Bescheid habe.", ReplyKind.UNCLEAR),
        ("Sofern die Dienstreise genehmigt wird.", ReplyKind.UNCLEAR),
        ("Falls es klappt, komme ich.", ReplyKind.UNCLEAR),
        # a condition whose only consequence is being told is about the venue, not the seat
        (
            "Ich bin Rollstuhlfahrer und gehe davon aus, dass die Räume stufenlos sind; falls"
            " nicht, geben Sie mir bitte Bescheid.",
            ReplyKind.REGISTRATION,
        ),
        ("If there is no lift, please let me know.", ReplyKind.REGISTRATION),
    ],
)
def test_a_filled_in_form_beside_a_hedge_or_a_condition_is_no_yes(
    said: str, expected: ReplyKind
) -> None:
    body = f"Guten Tag,\n\n{said}\n\nFunktion: Referentin\nErnährung: vegan\n\nAnna Weber"
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the sender taking another's seat: whose seat it is, a human settles
        (
            "Herr Maier ist leider verhindert. An seiner Stelle würde ich gern teilnehmen.",
            ReplyKind.UNCLEAR,
        ),
        ("Meine Chefin kann nicht, ich komme an ihrer Stelle.", ReplyKind.UNCLEAR),
        ("Anstelle von Herrn Maier nehme ich teil.", ReplyKind.UNCLEAR),
        ("I will attend instead of her.", ReplyKind.UNCLEAR),
        # a deputy by office comes as themselves; "instead" of a thing is no person's seat
        ("Unser Amtsleiter ist verhindert, ich komme in Vertretung.", ReplyKind.REGISTRATION),
        ("Ich komme gern, anstelle des Mittagessens aber erst um 14 Uhr.", ReplyKind.REGISTRATION),
    ],
)
def test_the_sender_in_another_persons_place_is_for_a_human(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # free seats asked about, with or without the noun, are the waiting list's business
        ("Wenn noch was frei ist: sehr gern.", ReplyKind.REGISTRATION),
        ("Ich komme gern, sofern noch etwas verfügbar ist.", ReplyKind.REGISTRATION),
        ("If any spots are still available, I would love to come.", ReplyKind.REGISTRATION),
        # the sender's own day is a condition, and so is another beside the seats
        ("Wenn ich an dem Tag noch frei bin, komme ich gern.", ReplyKind.UNCLEAR),
        ("Wenn mein Kalender noch frei ist, komme ich.", ReplyKind.UNCLEAR),
        ("If I'm still free that day, I'll come.", ReplyKind.UNCLEAR),
        (
            "Wenn mein Chef zustimmt, melde ich mich gern an, falls noch Plätze frei sind.",
            ReplyKind.UNCLEAR,
        ),
    ],
)
def test_a_condition_about_free_seats_leaves_the_yes(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # other plans, other commitments, the formal excuse: a no in ordinary words
        ("Mein Kalender hat für den 14. leider schon andere Pläne mit mir.", ReplyKind.DECLINE),
        ("Sorry, I have other plans that day.", ReplyKind.DECLINE),
        ("Ich bin an dem Tag anderweitig eingebunden.", ReplyKind.DECLINE),
        ("I am otherwise engaged on that day.", ReplyKind.DECLINE),
        ("Für diesen Anlass muss ich mich entschuldigen.", ReplyKind.DECLINE),
        ("Ich muss mich entschuldigen, weil ich an dem Tag krank bin.", ReplyKind.DECLINE),
        # none denied, an apology for something else, the seat handed on by the reader
        ("Ich habe keine anderen Pläne, ich komme.", ReplyKind.REGISTRATION),
        (
            "Ich muss mich für die späte Antwort entschuldigen. Ich komme gern.",
            ReplyKind.REGISTRATION,
        ),
        (
            "Ich möchte mich entschuldigen, dass ich so spät antworte. Ich komme gern.",
            ReplyKind.REGISTRATION,
        ),
    ],
)
def test_other_plans_and_the_formal_excuse_are_a_no(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a wish conceded gives the coming up: its "but" is the no beside it, or left unsaid
        ("So gern ich käme, der Termin passt leider nicht.", ReplyKind.DECLINE),
        ("So gern ich mal wieder käme: ich habe andere Pläne.", ReplyKind.DECLINE),
        ("Much as I would love to attend, I am abroad that week.", ReplyKind.UNCLEAR),
        ("So gern ich käme.", ReplyKind.UNCLEAR),
        # glad words that concede nothing stay a yes
        ("Ich komme so gern zu Ihren Werkstätten!", ReplyKind.REGISTRATION),
        ("So gern ich auch komme: bitte ohne Fleisch.", ReplyKind.REGISTRATION),
        # "maybe next time" is unsure of that one only, and a no stays a no
        ("Ich habe andere Pläne. Vielleicht beim nächsten Mal.", ReplyKind.DECLINE),
        ("Vielleicht komme ich.", ReplyKind.UNCLEAR),
    ],
)
def test_a_wish_conceded_is_no_yes(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a condition without "wenn": the verb first, the main clause inverted; "sollte"
        ("Klappt es bei mir nicht, sage ich ab.", ReplyKind.UNCLEAR),
        ("Passt mir das Datum nicht, melde ich mich.", ReplyKind.UNCLEAR),
        ("Sollte ich verhindert sein, melde ich mich.", ReplyKind.UNCLEAR),
        ("Should I be unable to attend, I will let you know.", ReplyKind.UNCLEAR),
        # two statements with the subject left out are no condition
        ("Kann ich leider nicht, bin im Urlaub.", ReplyKind.DECLINE),
        ("Klappt leider nicht, ich bin im Urlaub.", ReplyKind.DECLINE),
        ("Bin dabei, freue mich!", ReplyKind.REGISTRATION),
        ("Melde mich hiermit an, komme gern.", ReplyKind.REGISTRATION),
    ],
)
def test_a_condition_with_the_verb_first_decides_nothing(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # not missing what a relative clause names is about that thing, not the event
        (
            "Leider muss ich absagen: es gibt eine Krisensitzung, die ich nicht verpassen darf.",
            ReplyKind.DECLINE,
        ),
        ("Unfortunately I have a board meeting that I can't miss.", ReplyKind.UNCLEAR),
        # said of the event it stays a yes
        ("Das lasse ich mir nicht entgehen.", ReplyKind.REGISTRATION),
        ("Das will ich nicht verpassen!", ReplyKind.REGISTRATION),
        ("I won't miss it!", ReplyKind.REGISTRATION),
    ],
)
def test_not_missing_something_else_is_no_yes(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a short verb with its last letter typed once is that verb
        ("hallo ja kom gerne mit. esse vegi", ReplyKind.REGISTRATION),
        ("ich kom leider nicht", ReplyKind.DECLINE),
    ],
)
def test_a_short_verb_with_a_letter_left_out_is_read(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize("word", ["mit", "tel", "bin", "zum"])
def test_a_short_word_that_is_no_such_slip_stays_itself(word: str) -> None:
    assert clauses.lemma(word) in (word, simplemma.lemmatize(word, lang=("de", "en")).lower())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # elsewhere on the day, with a regret in the next sentence: a no
        (
            "Am 14. bin ich mit der Familie auf Gran Canaria – schade, das Thema hätte mich"
            " sehr interessiert.",
            ReplyKind.DECLINE,
        ),
        ("Am 14. bin ich in Berlin. Schade!", ReplyKind.DECLINE),
        ("I am in Brussels that week. A pity!", ReplyKind.DECLINE),
        # no need said alone, the invitation not followed, a colloquial "schaffs"
        ("Kein Bedarf, danke.", ReplyKind.DECLINE),
        ("Kein Bedarf an einem Parkplatz, ich komme gern.", ReplyKind.REGISTRATION),
        (
            "Herzlichen Dank für die Einladung, der ich leider nicht Folge leisten kann.",
            ReplyKind.DECLINE,
        ),
        ("Ihrer Einladung leiste ich gern Folge.", ReplyKind.REGISTRATION),
        ("Ich schaffs am 14. nicht, bitte Platz weitergeben.", ReplyKind.DECLINE),
        ("Ich finde die Mail leider nicht mehr.", ReplyKind.UNCLEAR),
        # the day by any date or weekday: no event's date is built into the rules
        ("Am 21. bin ich leider in Hamburg.", ReplyKind.DECLINE),
        ("Am Dienstag bin ich leider auf Dienstreise.", ReplyKind.DECLINE),
        ("Unfortunately I'm in Leeds on the 3rd.", ReplyKind.DECLINE),
        ("Am Freitag bin ich in Quickborn.", ReplyKind.UNCLEAR),
        # without a regret it may be the way there; sorry for answering late is none
        ("Am 14. bin ich in Quickborn.", ReplyKind.UNCLEAR),
        ("Leider antworte ich erst jetzt. Am 14. bin ich in Hamburg.", ReplyKind.UNCLEAR),
        # "I'm in" said of a place is no "count me in"
        ("I'm in, see you there.", ReplyKind.REGISTRATION),
    ],
)
def test_elsewhere_on_the_day_with_a_regret_anywhere_is_a_no(
    body: str, expected: ReplyKind
) -> None:
    assert kind(body) is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a farewell until the day or the place is a see-you
        ("Bis zum 14.!", ReplyKind.REGISTRATION),
        ("Bis dann in Quickborn!", ReplyKind.REGISTRATION),
        # until later in general, a deadline, or after a no, it is none
        ("Bis bald!", ReplyKind.UNCLEAR),
        ("Bis zum nächsten Mal!", ReplyKind.UNCLEAR),
        ("Bitte um Antwort bis zum 10. November.", ReplyKind.UNCLEAR),
        ("Ich bin im Büro. Bis 15 Uhr.", ReplyKind.UNCLEAR),
        ("Können Sie mir die Agenda schicken? Bis Montag.", ReplyKind.QUESTION),
        ("Bis zum 14. bin ich im Urlaub.", ReplyKind.DECLINE),
        ("Leider kann ich nicht. Bis zum 14.!", ReplyKind.UNCLEAR),
    ],
)
def test_a_farewell_until_the_day_is_a_see_you(body: str, expected: ReplyKind) -> None:
    assert kind(body) is expected
