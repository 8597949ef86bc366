"""The year the main test describes: 2020 copied to 2021, then seven edits."""

from django.contrib.auth.models import User

from indsatser.models import Indsats, Maal
from kommuner.models import Boligomraade, Kommune
from samarbejdsplan.models import Afsnit
from tests.admin_client import user_in_role

NEW_TITLE = "Nabohjælp i boligområderne"
GOAL_BEFORE = "Høj kvalitet i sagsbehandlingen"
GOAL_AFTER = "Høj kvalitet og kort ventetid i sagsbehandlingen"


def edit_the_copy(plan, suffix=""):
    """Make the seven edits of the main test in `plan` (a copy of 2020 or a scaled copy).

    `suffix` is the scaled copy's slug suffix ("-9"): the edits fall on its last copy.
    """

    def indsats(slug):
        return Indsats.objects.get(plan=plan, slug=slug + suffix)

    bo_trygt = indsats("bo-trygt")
    bo_trygt.tekst = bo_trygt.tekst.replace("grundejerforeninger", "boligforeninger", 1)
    bo_trygt.save()

    indsats("exit-programmet").delete()

    socialsoeg = indsats("socialsoeg")
    chapter = socialsoeg.afsnit.nummer.rpartition(".")[0]  # "4", or "40" in the scaled copy
    socialsoeg.afsnit = Afsnit.objects.get(plan=plan, nummer=chapter + ".4")
    socialsoeg.save()

    lufthavn = indsats("graensekontrol-i-billund-lufthavn")
    lufthavn.kommuner.add(Kommune.objects.get(slug="vejle"))

    section_41 = indsats("styrkelse-af-det-lokale-politiarbejde").afsnit
    Indsats.objects.create(afsnit=section_41, titel=NEW_TITLE, slug="nabohjaelp" + suffix)

    sub = indsats("koordineret-indsats-i-de-saerligt-udsatte-boligomraader").afsnit
    sub.boligomraader.remove(Boligomraade.objects.get(navn="Sundparken"))

    goal = Maal.objects.filter(afsnit__plan=plan, tekst=GOAL_BEFORE).order_by("-id").first()
    goal.tekst = GOAL_AFTER
    goal.save()


def publish(plan):
    user = User.objects.filter(username="udgiver").first()
    plan.offentliggoer(user or user_in_role("Sekretariat", name="udgiver"))
