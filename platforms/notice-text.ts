import { forwardableReporter } from './notice-rules.js';
import type { Category, Locale, NoticeInput, ReporterRole } from './types.js';

// The human-readable notice: what an e-mail carries and what a person pastes into a web form.
// It holds the elements of DSA art. 16(2): the explanation, the exact URLs, the sender's identity
// (withheld for child sexual abuse) and the good-faith statement.

interface Words {
  subject: (ref: string) => string;
  urgent: string;
  category: string;
  categories: Record<Category, string>;
  urls: string;
  explanation: string;
  reporter: string;
  roles: Record<ReporterRole, string>;
  anonymous: string;
  withheld: string;
  goodFaith: string;
  reference: string;
  /** The legal ground stated for a category, where one is cited (GDPR art. 17 erasure for children's photos). */
  legalBasis: Partial<Record<Category, string>>;
}

const words: Record<Locale, Words> = {
  en: {
    subject: (ref) => `Removal request ${ref}`,
    urgent: 'URGENT',
    category: 'Category',
    categories: {
      intimate_image: 'Intimate images shared without consent',
      child_sexual_abuse: 'Child sexual abuse material',
      sextortion: 'Sextortion (threat to share intimate images)',
      hidden_camera: 'Images taken with a hidden camera',
      harassment: 'Online harassment',
      child_photo_misuse: 'Photos of children misused (image rights, GDPR art. 17 erasure)',
      other: 'Other unlawful content',
    },
    urls: 'Exact location of the content (URLs)',
    explanation: 'Why this content must be removed',
    reporter: 'Reported by',
    roles: {
      victim: 'the person depicted',
      parent_or_guardian: 'a parent or guardian',
      organisation: 'an organisation',
      third_party: 'a third party',
      caseworker: 'a caseworker',
    },
    anonymous: 'anonymous report',
    withheld: 'identity withheld (DSA art. 16(2)(c), child sexual abuse)',
    goodFaith: 'The sender states in good faith that the information and allegations in this notice are accurate and complete.',
    reference: 'Reference',
    legalBasis: {
      child_photo_misuse:
        'Request for erasure under Article 17 of the General Data Protection Regulation (GDPR): these images show identifiable children and are processed without a lawful basis and without the consent of their parents or guardians. Personal data of children merit specific protection (GDPR recital 38). Please erase them without undue delay, including copies, and stop any further processing.',
    },
  },
  fr: {
    subject: (ref) => `Demande de retrait ${ref}`,
    urgent: 'URGENT',
    category: 'Catégorie',
    categories: {
      intimate_image: 'Images intimes diffusées sans consentement',
      child_sexual_abuse: "Matériel d'abus sexuel sur enfant",
      sextortion: 'Sextorsion (menace de diffuser des images intimes)',
      hidden_camera: 'Images prises par une caméra cachée',
      harassment: 'Harcèlement en ligne',
      child_photo_misuse: "Photos d'enfants détournées (droit à l'image, effacement RGPD art. 17)",
      other: 'Autre contenu illicite',
    },
    urls: 'Emplacement exact du contenu (URL)',
    explanation: 'Pourquoi ce contenu doit être retiré',
    reporter: 'Signalé par',
    roles: {
      victim: 'la personne représentée',
      parent_or_guardian: 'un parent ou tuteur',
      organisation: 'une organisation',
      third_party: 'un tiers',
      caseworker: 'un intervenant',
    },
    anonymous: 'signalement anonyme',
    withheld: 'identité non communiquée (DSA art. 16(2)(c), abus sexuel sur enfant)',
    goodFaith: "L'auteur déclare de bonne foi que les informations et allégations de cette notification sont exactes et complètes.",
    reference: 'Référence',
    legalBasis: {
      child_photo_misuse:
        "Demande d'effacement au titre de l'article 17 du règlement général sur la protection des données (RGPD) : ces images montrent des enfants identifiables et sont traitées sans base légale et sans le consentement de leurs parents ou tuteurs. Les données personnelles des enfants méritent une protection spécifique (considérant 38 du RGPD). Merci de les effacer dans les meilleurs délais, copies comprises, et de cesser tout autre traitement.",
    },
  },
  nl: {
    subject: (ref) => `Verzoek tot verwijdering ${ref}`,
    urgent: 'DRINGEND',
    category: 'Categorie',
    categories: {
      intimate_image: 'Intieme beelden verspreid zonder toestemming',
      child_sexual_abuse: 'Materiaal van seksueel misbruik van kinderen',
      sextortion: 'Sextortion (dreiging intieme beelden te verspreiden)',
      hidden_camera: 'Beelden gemaakt met een verborgen camera',
      harassment: 'Online intimidatie',
      child_photo_misuse: "Misbruikte foto's van kinderen (portretrecht, wissing AVG art. 17)",
      other: 'Andere onrechtmatige inhoud',
    },
    urls: 'Exacte locatie van de inhoud (URL’s)',
    explanation: 'Waarom deze inhoud verwijderd moet worden',
    reporter: 'Gemeld door',
    roles: {
      victim: 'de afgebeelde persoon',
      parent_or_guardian: 'een ouder of voogd',
      organisation: 'een organisatie',
      third_party: 'een derde',
      caseworker: 'een hulpverlener',
    },
    anonymous: 'anonieme melding',
    withheld: 'identiteit niet doorgegeven (DSA art. 16(2)(c), seksueel misbruik van kinderen)',
    goodFaith: 'De melder verklaart te goeder trouw dat de informatie en beweringen in deze melding juist en volledig zijn.',
    reference: 'Referentie',
    legalBasis: {
      child_photo_misuse:
        'Verzoek tot wissing op grond van artikel 17 van de Algemene Verordening Gegevensbescherming (AVG): deze beelden tonen herkenbare kinderen en worden verwerkt zonder rechtsgrond en zonder toestemming van hun ouders of voogden. Persoonsgegevens van kinderen verdienen specifieke bescherming (overweging 38 AVG). Wis ze zonder onredelijke vertraging, ook kopieën, en stop elke verdere verwerking.',
    },
  },
  de: {
    subject: (ref) => `Antrag auf Entfernung ${ref}`,
    urgent: 'DRINGEND',
    category: 'Kategorie',
    categories: {
      intimate_image: 'Ohne Einwilligung verbreitete intime Bilder',
      child_sexual_abuse: 'Darstellungen sexuellen Kindesmissbrauchs',
      sextortion: 'Sextortion (Drohung, intime Bilder zu verbreiten)',
      hidden_camera: 'Mit versteckter Kamera aufgenommene Bilder',
      harassment: 'Belästigung im Netz',
      child_photo_misuse: 'Missbrauchte Kinderfotos (Recht am eigenen Bild, Löschung DSGVO Art. 17)',
      other: 'Sonstige rechtswidrige Inhalte',
    },
    urls: 'Genauer Ort der Inhalte (URLs)',
    explanation: 'Warum diese Inhalte entfernt werden müssen',
    reporter: 'Gemeldet von',
    roles: {
      victim: 'der abgebildeten Person',
      parent_or_guardian: 'einem Elternteil oder Vormund',
      organisation: 'einer Organisation',
      third_party: 'einer dritten Person',
      caseworker: 'einer Fachkraft',
    },
    anonymous: 'anonyme Meldung',
    withheld: 'Identität nicht übermittelt (DSA Art. 16(2)(c), sexueller Kindesmissbrauch)',
    goodFaith:
      'Die meldende Person erklärt in gutem Glauben, dass die Angaben und Behauptungen in dieser Meldung richtig und vollständig sind.',
    reference: 'Referenz',
    legalBasis: {
      child_photo_misuse:
        'Antrag auf Löschung nach Artikel 17 der Datenschutz-Grundverordnung (DSGVO): Diese Bilder zeigen erkennbare Kinder und werden ohne Rechtsgrundlage und ohne Einwilligung ihrer Eltern oder Erziehungsberechtigten verarbeitet. Personenbezogene Daten von Kindern verdienen besonderen Schutz (Erwägungsgrund 38 DSGVO). Bitte löschen Sie sie unverzüglich, einschließlich Kopien, und beenden Sie jede weitere Verarbeitung.',
    },
  },
};

export interface NoticeText {
  subject: string;
  body: string;
}

export function noticeText(input: NoticeInput, locale: Locale = input.locale): NoticeText {
  const w = words[locale];
  const subject = `${input.urgent ? `[${w.urgent}] ` : ''}${w.subject(input.reference)}`;
  const reporter = forwardableReporter(input.category, input.reporter);
  const who = reporter
    ? [w.roles[reporter.role], reporter.name, reporter.email].filter(Boolean).join(' · ')
    : input.category === 'child_sexual_abuse'
      ? w.withheld
      : w.anonymous;
  const body = [
    `${w.reference}: ${input.reference}`,
    `${w.category}: ${w.categories[input.category]}`,
    '',
    `${w.urls}:`,
    ...input.urls.map((u) => `- ${u}`),
    '',
    `${w.explanation}:`,
    input.explanation,
    '',
    ...(w.legalBasis[input.category] ? [w.legalBasis[input.category]!, ''] : []),
    `${w.reporter}: ${who}`,
    '',
    w.goodFaith,
  ].join('\n');
  return { subject, body };
}
