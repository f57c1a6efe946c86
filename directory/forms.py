from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 20 * 1024 * 1024


class DirectoryFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file from the HR system"),
        help_text=_("The whole organisation, one person per row; 20 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    department = forms.CharField(label=_("Department"), required=False, max_length=120)
    left = forms.BooleanField(label=_("Show leavers only"), required=False)
