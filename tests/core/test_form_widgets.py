"""Selects, radios and checkboxes render their options in Python (no template include per
option) and must read exactly as Django's own widget templates write them."""

from django import forms
from django.forms.renderers import DjangoTemplates


class Choices(forms.Form):
    place = forms.ChoiceField(choices=[("", "---"), ("a&b", "Park <Oost>"), ("c", "Plein")], initial="c")
    level = forms.ChoiceField(choices=[("1", "laag"), ("2", "hoog")], widget=forms.RadioSelect, initial="2")
    kinds = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple,
                                      initial=["x", "y"], required=False)
    grouped = forms.ChoiceField(choices=[("Wijken", [("n", "Noord"), ("z", "Zuid")])], required=False)


def squeezed(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><").replace("> ", ">").replace(" </", "</")


def test_options_read_as_djangos_own_templates_write_them():
    ours, djangos = Choices(), Choices(renderer=DjangoTemplates())  # the project's templates, Django's
    for name in ours.fields:
        assert squeezed(ours[name].as_widget()) == squeezed(djangos[name].as_widget()), name
    place = str(Choices()["place"].as_widget())
    assert '<option value="a&amp;b">Park &lt;Oost&gt;</option>' in place
    assert '<option value="c" selected>Plein</option>' in place
    level = str(Choices()["level"].as_widget())
    assert '<label for="id_level_1"><input type="radio" name="level" value="2" required id="id_level_1" checked> hoog</label>' in level
