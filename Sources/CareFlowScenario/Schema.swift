/// The JSON Schema (draft-07) of scenario, what-if and sweep files
/// (`careflow schema`); identical to docs/careflow.schema.json.
public enum ScenarioSchema {
    public static let json = #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "CareFlow scenario, what-if, sweep or optimise file",
  "description": "A CareFlow scenario file (YAML). With 'extends' it is a what-if of another scenario; with 'sweep' it is a sweep file; with 'optimise' it is an optimise file. See docs/scenario-format.md.",
  "if": {
    "type": "object",
    "required": [
      "optimise"
    ]
  },
  "then": {
    "$ref": "#/$defs/optimise"
  },
  "else": {
    "if": {
      "type": "object",
      "required": [
        "sweep"
      ]
    },
    "then": {
      "$ref": "#/$defs/sweep"
    },
    "else": {
      "if": {
        "type": "object",
        "required": [
          "extends"
        ]
      },
      "then": {
        "$ref": "#/$defs/whatIf"
      },
      "else": {
        "$ref": "#/$defs/scenario"
      }
    }
  },
  "$defs": {
    "patientDuration": {
      "description": "A duration or distribution; or one chosen by a categorical attribute, {by: ATTRIBUTE, cases: {CATEGORY: DURATION}, otherwise: DURATION}; or one scaled and shifted by numeric attributes, {duration: DURATION, scale_by: ATTRIBUTE, shift_by: ATTRIBUTE} (draw x scale + shift minutes).",
      "anyOf": [
        {
          "$ref": "#/$defs/distribution"
        },
        {
          "type": "object",
          "properties": {
            "by": {
              "$ref": "#/$defs/name"
            },
            "cases": {
              "type": "object",
              "additionalProperties": {
                "$ref": "#/$defs/distribution"
              }
            },
            "otherwise": {
              "$ref": "#/$defs/distribution"
            }
          },
          "required": [
            "by",
            "cases"
          ],
          "additionalProperties": false,
          "examples": [
            {
              "by": "age_group",
              "cases": {
                "under_65": "3d",
                "over_65": "5d"
              }
            }
          ]
        },
        {
          "type": "object",
          "properties": {
            "duration": {
              "$ref": "#/$defs/distribution"
            },
            "scale_by": {
              "$ref": "#/$defs/name"
            },
            "shift_by": {
              "$ref": "#/$defs/name"
            }
          },
          "required": [
            "duration"
          ],
          "additionalProperties": false,
          "examples": [
            {
              "duration": "30m",
              "scale_by": "frailty"
            }
          ]
        }
      ]
    },
    "name": {
      "description": "A name (non-empty text). Names of units, attributes, milestones, labels and sub-pathways must match their declarations exactly.",
      "type": [
        "string",
        "number",
        "boolean"
      ],
      "minLength": 1
    },
    "text": {
      "description": "Free text.",
      "type": [
        "string",
        "number",
        "boolean"
      ]
    },
    "number": {
      "description": "A number, e.g. 12, 0.35, 1_000 or 1e6.",
      "anyOf": [
        {
          "type": "number"
        },
        {
          "type": "string",
          "pattern": "^ *[-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)? *$"
        }
      ]
    },
    "nonNegativeNumber": {
      "description": "A number of 0 or more.",
      "anyOf": [
        {
          "type": "number",
          "minimum": 0
        },
        {
          "type": "string",
          "pattern": "^ *\\+?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)? *$"
        }
      ]
    },
    "positiveNumber": {
      "description": "A number greater than 0.",
      "anyOf": [
        {
          "type": "number",
          "exclusiveMinimum": 0
        },
        {
          "type": "string",
          "pattern": "^ *\\+?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)? *$"
        }
      ]
    },
    "probability": {
      "description": "A probability between 0 and 1.",
      "anyOf": [
        {
          "type": "number",
          "minimum": 0,
          "maximum": 1
        },
        {
          "type": "string",
          "pattern": "^ *\\+?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)? *$"
        }
      ]
    },
    "count": {
      "description": "A whole number of 0 or more.",
      "anyOf": [
        {
          "type": "integer",
          "minimum": 0
        },
        {
          "type": "string",
          "pattern": "^ *\\+?[0-9][0-9_]* *$"
        }
      ]
    },
    "positiveCount": {
      "description": "A whole number of at least 1.",
      "anyOf": [
        {
          "type": "integer",
          "minimum": 1
        },
        {
          "type": "string",
          "pattern": "^ *\\+?[0_]*[1-9][0-9_]* *$"
        }
      ]
    },
    "seed": {
      "description": "A random-number seed: a whole number from 0 to 18446744073709551615 (no underscores).",
      "anyOf": [
        {
          "type": "integer",
          "minimum": 0,
          "maximum": 18446744073709551615
        },
        {
          "type": "string",
          "pattern": "^\\+?[0-9]+$"
        }
      ]
    },
    "bool": {
      "description": "true or false (yes/no and on/off are accepted too).",
      "anyOf": [
        {
          "type": "boolean"
        },
        {
          "enum": [
            "true",
            "yes",
            "on",
            "false",
            "no",
            "off"
          ]
        }
      ]
    },
    "duration": {
      "description": "A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes. Must not be negative.",
      "anyOf": [
        {
          "type": "number",
          "minimum": 0
        },
        {
          "type": "string",
          "pattern": "^ *(\\+?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?|(([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*) *[smhdw] *)+) *$"
        }
      ]
    },
    "positiveDuration": {
      "description": "A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes. Must be greater than 0.",
      "anyOf": [
        {
          "type": "number",
          "exclusiveMinimum": 0
        },
        {
          "type": "string",
          "pattern": "^ *(\\+?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?|(([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*) *[smhdw] *)+) *$"
        }
      ]
    },
    "signedDuration": {
      "description": "A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes. May be negative where the distribution allows it.",
      "anyOf": [
        {
          "type": "number"
        },
        {
          "type": "string",
          "pattern": "^ *([-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?|(-?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*) *[smhdw] *)+) *$"
        }
      ]
    },
    "area": {
      "description": "The hospital area, used to group results in reports: ed, imaging, ward, primary_care or other (default other).",
      "enum": [
        "ed",
        "imaging",
        "ward",
        "primary_care",
        "other"
      ]
    },
    "distributionMapping": {
      "description": "A distribution written as one key naming it, with its parameters, e.g. lognormal: {mean: 25m, sd: 15m}.",
      "type": "object",
      "properties": {
        "fixed": {
          "$ref": "#/$defs/signedDuration",
          "description": "Always the same value: fixed: 10m."
        },
        "uniform": {
          "type": "object",
          "properties": {
            "min": {
              "description": "Lower end. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            },
            "max": {
              "description": "Upper end, greater than min. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            }
          },
          "required": [
            "min",
            "max"
          ],
          "additionalProperties": false,
          "description": "Uniform between min and max (max > min)."
        },
        "exponential": {
          "type": "object",
          "properties": {
            "mean": {
              "description": "The mean, greater than 0. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            }
          },
          "required": [
            "mean"
          ],
          "additionalProperties": false,
          "description": "Exponential with the given mean (memoryless; e.g. service times of an M/M/c queue)."
        },
        "normal": {
          "type": "object",
          "properties": {
            "mean": {
              "description": "The mean. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            },
            "sd": {
              "description": "The standard deviation, greater than 0. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            },
            "min": {
              "description": "Optional lower bound: values below it are redrawn. Must be below mean + 2.33 sd. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            }
          },
          "required": [
            "mean",
            "sd"
          ],
          "additionalProperties": false,
          "description": "Normal with mean and standard deviation; with min, truncated below at min (resampled, not clamped; min must not cut off more than 99%)."
        },
        "lognormal": {
          "type": "object",
          "properties": {
            "mean": {
              "description": "The mean, greater than 0. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            },
            "sd": {
              "description": "The standard deviation, greater than 0. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            }
          },
          "required": [
            "mean",
            "sd"
          ],
          "additionalProperties": false,
          "description": "Lognormal given the mean and standard deviation of the value itself (not of its logarithm), as clinicians report durations."
        },
        "gamma": {
          "type": "object",
          "properties": {
            "shape": {
              "description": "The shape k, a plain number greater than 0.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveNumber"
                }
              ]
            },
            "scale": {
              "description": "The scale theta, greater than 0. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            }
          },
          "required": [
            "shape",
            "scale"
          ],
          "additionalProperties": false,
          "description": "Gamma with shape k and scale theta (mean k x theta)."
        },
        "erlang": {
          "type": "object",
          "properties": {
            "k": {
              "description": "The number of phases, a whole number of at least 1.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveCount"
                }
              ]
            },
            "mean": {
              "description": "The overall mean, greater than 0. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            }
          },
          "required": [
            "k",
            "mean"
          ],
          "additionalProperties": false,
          "description": "Erlang: the sum of k exponential phases, with the given overall mean."
        },
        "weibull": {
          "type": "object",
          "properties": {
            "scale": {
              "description": "The scale lambda, greater than 0. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            },
            "shape": {
              "description": "The shape k, a plain number greater than 0.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveNumber"
                }
              ]
            }
          },
          "required": [
            "scale",
            "shape"
          ],
          "additionalProperties": false,
          "description": "Weibull with scale lambda and shape k."
        },
        "triangular": {
          "type": "object",
          "properties": {
            "min": {
              "description": "Lowest value. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            },
            "mode": {
              "description": "Most likely value, between min and max. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            },
            "max": {
              "description": "Highest value, greater than min. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            }
          },
          "required": [
            "min",
            "mode",
            "max"
          ],
          "additionalProperties": false,
          "description": "Triangular between min and max with the given mode (most likely value)."
        },
        "pert": {
          "type": "object",
          "properties": {
            "min": {
              "description": "Lowest value. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            },
            "mode": {
              "description": "Most likely value, between min and max. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            },
            "max": {
              "description": "Highest value, greater than min. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes.",
              "allOf": [
                {
                  "$ref": "#/$defs/signedDuration"
                }
              ]
            }
          },
          "required": [
            "min",
            "mode",
            "max"
          ],
          "additionalProperties": false,
          "description": "Beta-PERT between min and max with the given mode (lambda = 4): a smoother alternative to triangular for expert estimates."
        },
        "discrete": {
          "type": "object",
          "properties": {
            "values": {
              "type": "array",
              "minItems": 1,
              "items": {
                "$ref": "#/$defs/signedDuration"
              },
              "description": "The possible values (durations, or plain numbers for numeric attributes)."
            },
            "weights": {
              "type": "array",
              "minItems": 1,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              },
              "description": "One relative weight (0 or more, not all 0) per value."
            }
          },
          "required": [
            "values",
            "weights"
          ],
          "additionalProperties": false,
          "description": "One of the listed values, with probabilities proportional to the weights."
        },
        "empirical": {
          "type": "object",
          "properties": {
            "values": {
              "type": "array",
              "minItems": 2,
              "items": {
                "$ref": "#/$defs/signedDuration"
              },
              "description": "At least 2 points, not decreasing. A duration: 45m, 8h, 3d, 1h30m, 90s, 2w, or a bare number of minutes."
            },
            "cumulative": {
              "type": "array",
              "minItems": 2,
              "items": {
                "$ref": "#/$defs/probability"
              },
              "description": "One cumulative probability per value, not decreasing, starting at 0 and ending at 1."
            }
          },
          "required": [
            "values",
            "cumulative"
          ],
          "additionalProperties": false,
          "description": "Continuous empirical distribution: a piecewise-linear cumulative distribution through the points (values[i], cumulative[i])."
        },
        "poisson": {
          "type": "object",
          "properties": {
            "mean": {
              "description": "The mean count, greater than 0.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveNumber"
                }
              ]
            }
          },
          "required": [
            "mean"
          ],
          "additionalProperties": false,
          "description": "Poisson counts with the given mean (a plain number, not a duration)."
        },
        "bernoulli": {
          "type": "object",
          "properties": {
            "p": {
              "description": "The probability of 1.",
              "allOf": [
                {
                  "$ref": "#/$defs/probability"
                }
              ]
            }
          },
          "required": [
            "p"
          ],
          "additionalProperties": false,
          "description": "1 with probability p, else 0."
        }
      },
      "additionalProperties": false,
      "minProperties": 1,
      "maxProperties": 1
    },
    "distribution": {
      "description": "A fixed duration (45m, 2h, or a number of minutes), or a distribution such as {lognormal: {mean: 25m, sd: 15m}}, {exponential: {mean: 10m}}, {triangular: {min: 5m, mode: 10m, max: 20m}}. Parameters with time units are durations.",
      "anyOf": [
        {
          "$ref": "#/$defs/duration"
        },
        {
          "$ref": "#/$defs/distributionMapping"
        }
      ]
    },
    "categoricalTable": {
      "description": "Probabilities of the categories of a categorical attribute, e.g. {P1: 0.05, P2: 0.2, P3: 0.75}; they must sum to 1 (categories left out get 0).",
      "type": "object",
      "minProperties": 1,
      "additionalProperties": {
        "$ref": "#/$defs/probability"
      }
    },
    "lookup": {
      "description": "Confusion-matrix / lookup assignment: the value is drawn from the row of 'table' for the patient's current category of the attribute 'from'. For a categorical target each row is a table of category probabilities; for a numeric target each row is a distribution. Every category of 'from' needs a row.",
      "type": "object",
      "properties": {
        "from": {
          "description": "The categorical attribute whose value selects the row.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "table": {
          "description": "One row per category of the 'from' attribute: a mapping category -> probability (categorical target), or a distribution (numeric target).",
          "type": "object",
          "minProperties": 1,
          "additionalProperties": {
            "anyOf": [
              {
                "$ref": "#/$defs/categoricalTable"
              },
              {
                "$ref": "#/$defs/distribution"
              }
            ]
          }
        }
      },
      "required": [
        "from",
        "table"
      ],
      "additionalProperties": false
    },
    "assignValue": {
      "description": "The value to give an attribute. Categorical attribute: a category name, {categorical: {CATEGORY: probability, ...}}, or {from: ATTRIBUTE, table: {...}}. Numeric attribute: a number, a distribution (sampled), or {from: ATTRIBUTE, table: {...}}.",
      "anyOf": [
        {
          "type": [
            "string",
            "number",
            "boolean"
          ],
          "description": "A category name (categorical attribute) or a number / fixed duration (numeric attribute)."
        },
        {
          "type": "object",
          "description": "Draw a category at random.",
          "properties": {
            "categorical": {
              "description": "Probabilities of each category (summing to 1).",
              "allOf": [
                {
                  "$ref": "#/$defs/categoricalTable"
                }
              ]
            }
          },
          "required": [
            "categorical"
          ],
          "additionalProperties": false
        },
        {
          "$ref": "#/$defs/lookup"
        },
        {
          "$ref": "#/$defs/distributionMapping"
        }
      ]
    },
    "assignments": {
      "description": "A mapping of attribute names (declared under 'attributes') to values.",
      "type": "object",
      "minProperties": 1,
      "additionalProperties": {
        "$ref": "#/$defs/assignValue"
      }
    },
    "target": {
      "description": "Where to go: a label name (jump there), 'leave' (the patient leaves), {goto: LABEL}, or {steps: [...]} (run these steps, then continue after the enclosing step).",
      "anyOf": [
        {
          "description": "A label in this pathway to jump to, or 'leave'.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        {
          "type": "object",
          "properties": {
            "steps": {
              "description": "Steps to run; afterwards the patient continues after the enclosing step (unless they leave or jump).",
              "allOf": [
                {
                  "$ref": "#/$defs/steps"
                }
              ]
            },
            "goto": {
              "description": "A label in this pathway to jump to, or 'leave'.",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            }
          },
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "steps"
              ]
            },
            {
              "required": [
                "goto"
              ]
            }
          ]
        }
      ]
    },
    "stepMapping": {
      "description": "A step: a mapping with exactly one of activity, seize, release, delay, wait_until_time_of_day, assign, branch, branch_on, repeat, patience, end_patience, milestone, label, goto, call, leave.",
      "type": "object",
      "properties": {
        "activity": {
          "type": "object",
          "properties": {
            "name": {
              "description": "The activity's name: shown in diagrams and reports and names its random stream (PATHWAY/NAME).",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            },
            "uses": {
              "description": "The unit, or list of units, held during the activity (each once). Omit for an activity that needs no unit. Or {any_of: [UNIT, ...], choose, role}: one of several alternative units (released after the activity).",
              "anyOf": [
                {
                  "$ref": "#/$defs/name"
                },
                {
                  "type": "array",
                  "items": {
                    "$ref": "#/$defs/name"
                  },
                  "uniqueItems": true
                },
                {
                  "$ref": "#/$defs/poolRequest"
                }
              ]
            },
            "duration": {
              "description": "How long the activity takes.",
              "allOf": [
                {
                  "$ref": "#/$defs/patientDuration"
                }
              ]
            },
            "priority": {
              "description": "A categorical attribute giving the queue priority: its first category is served first; FIFO within a priority.",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            },
            "start_milestone": {
              "description": "A milestone marked when the activity starts (after the units are seized).",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            },
            "end_milestone": {
              "description": "A milestone marked when the activity ends (before the units are released).",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            }
          },
          "required": [
            "name",
            "duration"
          ],
          "additionalProperties": false,
          "description": "Seize every unit in 'uses' (in order, each with the patient's priority), take 'duration', then release them. Random draws use the stream PATHWAY/NAME: keep names stable for common random numbers."
        },
        "seize": {
          "anyOf": [
            {
              "description": "A unit declared under 'units'.",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            },
            {
              "type": "object",
              "properties": {
                "unit": {
                  "description": "A unit declared under 'units'.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "amount": {
                  "description": "How many units of capacity to take (default 1).",
                  "allOf": [
                    {
                      "$ref": "#/$defs/positiveCount"
                    }
                  ]
                },
                "priority": {
                  "description": "A categorical attribute giving the queue priority: its first category is served first; FIFO within a priority.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "balk": {
                  "description": "Balking: a patient who would have to wait, and finds at least when_queue_at_least patients already queued, does not join the queue and goes to 'then' (default: leaves). With {} or when_full: true, balks whenever they would have to wait.",
                  "type": "object",
                  "properties": {
                    "when_queue_at_least": {
                      "description": "Balk when the queue already holds at least this many patients (default 0: whenever the patient would have to wait).",
                      "allOf": [
                        {
                          "$ref": "#/$defs/count"
                        }
                      ]
                    },
                    "when_full": {
                      "description": "true: balk whenever the unit is full (the same as when_queue_at_least: 0). false is an error.",
                      "anyOf": [
                        {
                          "const": true
                        },
                        {
                          "enum": [
                            "true",
                            "yes",
                            "on"
                          ]
                        }
                      ]
                    },
                    "then": {
                      "description": "Where balking patients go: a label, 'leave', {goto: LABEL} or {steps: [...]} (default: leave).",
                      "allOf": [
                        {
                          "$ref": "#/$defs/target"
                        }
                      ]
                    }
                  },
                  "additionalProperties": false
                }
              },
              "required": [
                "unit"
              ],
              "additionalProperties": false
            },
            {
              "type": "object",
              "description": "Several units taken all at once or none (the patient holds none while it waits).",
              "properties": {
                "units": {
                  "description": "Units declared under 'units', each with the amount to take, e.g. {ward_bed: 1, ward_nurse: 1}.",
                  "type": "object",
                  "minProperties": 1,
                  "additionalProperties": {
                    "$ref": "#/$defs/positiveCount"
                  },
                  "examples": [
                    {
                      "ward_bed": 1,
                      "ward_nurse": 1
                    }
                  ]
                },
                "priority": {
                  "description": "A categorical attribute giving the queue priority: its first category is served first; FIFO within a priority.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                }
              },
              "required": [
                "units"
              ],
              "additionalProperties": false
            },
            {
              "description": "One of several alternative units (a pool), or one unit counted in a role. Units in a pool cannot be preemptive.",
              "type": "object",
              "properties": {
                "any_of": {
                  "description": "Alternative units, in preference order: the patient takes one of them (a nurse or a physician).",
                  "type": "array",
                  "minItems": 1,
                  "uniqueItems": true,
                  "items": {
                    "$ref": "#/$defs/name"
                  }
                },
                "unit": {
                  "description": "One unit, counted in a role (instead of any_of).",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "choose": {
                  "description": "Which unit: first_free (default: the first listed with room; else wait for whichever frees first), least_busy (the lowest share of places in use; else as first_free), in_order (the first listed with room; else wait for the first listed only).",
                  "enum": [
                    "first_free",
                    "least_busy",
                    "in_order"
                  ]
                },
                "role": {
                  "description": "What the units are used for; busy time, services and waits are reported per role (role.NAME.*). Default: the activity's name, or the units' names joined by ' or '.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "amount": {
                  "description": "Places taken from the chosen unit (default 1).",
                  "allOf": [
                    {
                      "$ref": "#/$defs/positiveCount"
                    }
                  ]
                },
                "priority": {
                  "description": "A categorical attribute giving the queue priority: its first category is served first; FIFO within a priority.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                }
              },
              "additionalProperties": false,
              "anyOf": [
                {
                  "required": [
                    "any_of"
                  ]
                },
                {
                  "required": [
                    "unit",
                    "role"
                  ]
                }
              ],
              "examples": [
                {
                  "any_of": [
                    "nurse",
                    "physician"
                  ],
                  "choose": "least_busy"
                }
              ]
            }
          ],
          "description": "Wait for and take a unit (held until a 'release'). A unit name, {unit, amount, priority, balk}, or {units: {NAME: AMOUNT, ...}, priority} to take several at once. Or {any_of: [NAME, ...], choose, role, priority}: one of several alternatives."
        },
        "release": {
          "anyOf": [
            {
              "description": "A unit declared under 'units'.",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            },
            {
              "type": "object",
              "properties": {
                "unit": {
                  "description": "A unit declared under 'units'.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "amount": {
                  "description": "How many units of capacity to give back (default 1).",
                  "allOf": [
                    {
                      "$ref": "#/$defs/positiveCount"
                    }
                  ]
                }
              },
              "required": [
                "unit"
              ],
              "additionalProperties": false
            },
            {
              "type": "object",
              "description": "Give back whichever of these units the patient took with a seize: any_of (the first of them it holds).",
              "properties": {
                "any_of": {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "$ref": "#/$defs/name"
                  }
                }
              },
              "required": [
                "any_of"
              ],
              "additionalProperties": false
            }
          ],
          "description": "Give back a unit taken by 'seize'. A unit name, or {unit, amount}."
        },
        "delay": {
          "anyOf": [
            {
              "$ref": "#/$defs/patientDuration"
            },
            {
              "type": "object",
              "properties": {
                "name": {
                  "description": "Names the delay in diagrams and its random stream (PATHWAY/NAME); default delay1, delay2, ...",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "duration": {
                  "description": "How long to wait.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/patientDuration"
                    }
                  ]
                }
              },
              "required": [
                "duration"
              ],
              "additionalProperties": false
            }
          ],
          "description": "Wait for a time without holding anything new (units already seized stay held). A duration or distribution, or {name, duration}: the name labels the step and names its random stream (PATHWAY/NAME)."
        },
        "wait_until_time_of_day": {
          "$ref": "#/$defs/distribution",
          "description": "Wait until a time of day, given as a duration after midnight (8h = 08:00, 13h30m = 13:30) or a distribution of it; today if it has not passed yet, else tomorrow."
        },
        "assign": {
          "$ref": "#/$defs/assignments",
          "description": "Set attributes: {ATTRIBUTE: value, ...}."
        },
        "branch": {
          "anyOf": [
            {
              "description": "The options.",
              "allOf": [
                {
                  "$ref": "#/$defs/branchOptions"
                }
              ]
            },
            {
              "type": "object",
              "properties": {
                "name": {
                  "description": "Names the branch in diagrams and its random stream (PATHWAY/NAME); default branch1, branch2, ... Name your branches to keep common random numbers across what-ifs.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "options": {
                  "description": "The options.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/branchOptions"
                    }
                  ]
                }
              },
              "required": [
                "options"
              ],
              "additionalProperties": false
            },
            {
              "type": "object",
              "description": "Branch by the state of units (no random numbers): least_occupied (lowest busy/capacity; ties: fewer waiting, then the option listed first), shortest_queue (fewest waiting; ties: lower occupancy, then listed first), first_free (the first option, in order, with a free place and nobody waiting; none: 'otherwise', or the first option).",
              "properties": {
                "name": {
                  "description": "Names the branch in diagrams.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/name"
                    }
                  ]
                },
                "choose": {
                  "enum": [
                    "least_occupied",
                    "shortest_queue",
                    "first_free"
                  ]
                },
                "options": {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "$ref": "#/$defs/stateOption"
                  }
                },
                "otherwise": {
                  "description": "With first_free: where to go when no option's unit is free (a label, 'leave', {goto} or {steps}).",
                  "allOf": [
                    {
                      "$ref": "#/$defs/target"
                    }
                  ]
                }
              },
              "required": [
                "choose",
                "options"
              ],
              "additionalProperties": false
            }
          ],
          "description": "Random branch: each option is taken with its probability (they must sum to 1). A list of options, or {name, options}: the name labels the branch and names its random stream (PATHWAY/NAME). Or {choose: least_occupied|shortest_queue|first_free, options: [{unit, steps|goto}], otherwise}: by the state of units."
        },
        "branch_on": {
          "type": "object",
          "properties": {
            "attribute": {
              "description": "The attribute to branch on.",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            },
            "cases": {
              "description": "A mapping of categories (or whole numbers) to where to go: {steps: [...]}, {goto: LABEL}, a label, or 'leave'.",
              "type": "object",
              "minProperties": 1,
              "additionalProperties": {
                "$ref": "#/$defs/target"
              }
            },
            "otherwise": {
              "description": "Where patients whose value has no case go (default: continue after the step).",
              "allOf": [
                {
                  "$ref": "#/$defs/target"
                }
              ]
            },
            "name": {
              "description": "Names the step, so that key paths can select it (steps[NAME]); branch_on draws no random numbers.",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            }
          },
          "required": [
            "attribute",
            "cases"
          ],
          "additionalProperties": false,
          "description": "Branch by the value of an attribute: categories of a categorical attribute, or whole numbers 0-999 of a numeric one; other values take 'otherwise' (default: continue after the step)."
        },
        "repeat": {
          "type": "object",
          "properties": {
            "times": {
              "description": "How many passes (at least 1).",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveCount"
                }
              ]
            },
            "gap": {
              "description": "The wait between passes (none after the last pass).",
              "allOf": [
                {
                  "$ref": "#/$defs/distribution"
                }
              ]
            },
            "steps": {
              "description": "The steps of one pass.",
              "allOf": [
                {
                  "$ref": "#/$defs/steps"
                }
              ]
            },
            "name": {
              "description": "Names the gap's random stream (PATHWAY/NAME/gap); default repeat1, repeat2, ...",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            }
          },
          "required": [
            "times",
            "steps"
          ],
          "additionalProperties": false,
          "description": "Run the steps 'times' times, waiting 'gap' between passes (not after the last)."
        },
        "patience": {
          "type": "object",
          "properties": {
            "duration": {
              "description": "How long the patient is willing to wait.",
              "allOf": [
                {
                  "$ref": "#/$defs/distribution"
                }
              ]
            },
            "on_renege": {
              "description": "Where reneging patients go: {steps: [...]}, {goto: LABEL}, a label, or 'leave' (default: leave).",
              "allOf": [
                {
                  "$ref": "#/$defs/target"
                }
              ]
            },
            "name": {
              "description": "Names the random stream (PATHWAY/NAME); default patience1, patience2, ...",
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            }
          },
          "required": [
            "duration"
          ],
          "additionalProperties": false,
          "description": "Start a patience clock (reneging): if it runs out while the patient waits in a queue, they leave the queue and go to on_renege (default: leave). If it runs out while they are not waiting, it lapses. 'end_patience' stops it."
        },
        "end_patience": {
          "description": "Stop the patience clock (write '- end_patience'; any value given is ignored)."
        },
        "milestone": {
          "$ref": "#/$defs/name",
          "description": "Mark a named milestone (time stamp) for KPIs and censuses: '- milestone: triaged'. 'arrival' and 'departure' are marked automatically."
        },
        "label": {
          "$ref": "#/$defs/name",
          "description": "Place a label that goto, branch options and targets can jump to (one per name per pathway; sub-pathways have their own)."
        },
        "goto": {
          "$ref": "#/$defs/name",
          "description": "Jump to a label in this pathway."
        },
        "call": {
          "$ref": "#/$defs/name",
          "description": "Run the steps of a sub-pathway declared under 'subpathways' here (inlined; it must not call itself)."
        },
        "leave": {
          "description": "The patient leaves (write '- leave'; any value given is ignored). A pathway also ends after its last step."
        }
      },
      "additionalProperties": false,
      "minProperties": 1,
      "maxProperties": 1
    },
    "step": {
      "description": "One step of a pathway: '- leave', '- end_patience', or a mapping with one step kind, e.g. '- activity: {name: triage, uses: nurse, duration: 5m}'.",
      "anyOf": [
        {
          "enum": [
            "leave",
            "end_patience"
          ],
          "description": "leave: the patient leaves; end_patience: stop the patience clock."
        },
        {
          "$ref": "#/$defs/stepMapping"
        }
      ]
    },
    "steps": {
      "description": "A list of steps, run in order.",
      "type": "array",
      "items": {
        "$ref": "#/$defs/step"
      }
    },
    "branchOption": {
      "description": "One option of a branch: taken with 'probability'; runs 'steps' then continues after the branch, or jumps to 'goto'; with neither, continues after the branch.",
      "type": "object",
      "properties": {
        "probability": {
          "description": "The chance of this option; the options' probabilities sum to 1.",
          "allOf": [
            {
              "$ref": "#/$defs/probability"
            }
          ]
        },
        "steps": {
          "description": "Steps for this option; afterwards the patient continues after the branch.",
          "allOf": [
            {
              "$ref": "#/$defs/steps"
            }
          ]
        },
        "goto": {
          "description": "A label to jump to, or 'leave' (if given, 'steps' is ignored).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "label": {
          "description": "Text for the option's arrow in the pathway diagram (not a jump label).",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        }
      },
      "required": [
        "probability"
      ],
      "additionalProperties": false
    },
    "branchOptions": {
      "description": "The options of a random branch; probabilities sum to 1.",
      "type": "array",
      "minItems": 1,
      "items": {
        "$ref": "#/$defs/branchOption"
      }
    },
    "run": {
      "description": "Run settings.",
      "type": "object",
      "properties": {
        "horizon": {
          "description": "Simulated time per replication, from the start (run.start, default an undated Monday 00:00), e.g. 395d. Required unless every arrival stream has a limit.",
          "allOf": [
            {
              "$ref": "#/$defs/positiveDuration"
            }
          ]
        },
        "warmup": {
          "description": "Warm-up discarded from the statistics, shorter than the horizon (default 0).",
          "allOf": [
            {
              "$ref": "#/$defs/duration"
            }
          ]
        },
        "replications": {
          "description": "Independent replications (default 1).",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        },
        "seed": {
          "description": "Master seed (default 1); replication r uses the same streams from a different substream.",
          "allOf": [
            {
              "$ref": "#/$defs/seed"
            }
          ]
        },
        "start": {
          "description": "The date of time 0 (its 00:00), or a date and time of day, e.g. 2027-01-01 or 2027-01-01T07:30. Clock and weekday logic (schedules, hourly and day-of-week profiles, wait_until_time_of_day, hour-of-day and daily series) follows the wall clock from it; dated keys need it. A dated run with a horizon also reports KPIs by month. Default: an undated Monday 00:00.",
          "type": "string",
          "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:00)?)?$",
          "examples": [
            "2027-01-01",
            "2027-01-01T07:30"
          ]
        }
      },
      "additionalProperties": false
    },
    "schedule": {
      "description": "A capacity schedule repeating daily or weekly: from each change's time on, the unit has its capacity. Weekly times are written from Monday 00:00; with run.start they follow the calendar's weekdays.",
      "type": "object",
      "properties": {
        "repeat": {
          "enum": [
            "daily",
            "weekly"
          ],
          "description": "daily (default) or weekly."
        },
        "changes": {
          "type": "array",
          "minItems": 1,
          "items": {
            "description": "A capacity change.",
            "type": "object",
            "properties": {
              "at": {
                "type": "string",
                "description": "When: \"08:00\" (daily), or \"Mon 08:00\", \"Mon-Fri 08:00\", \"08:00\" (every day) in a weekly schedule. Quote times."
              },
              "capacity": {
                "description": "The capacity from then on.",
                "allOf": [
                  {
                    "$ref": "#/$defs/count"
                  }
                ]
              }
            },
            "required": [
              "at",
              "capacity"
            ],
            "additionalProperties": false
          },
          "description": "The capacity changes (at least one; one per time)."
        }
      },
      "additionalProperties": false,
      "if": {
        "properties": {
          "repeat": {
            "const": "weekly"
          }
        },
        "required": [
          "repeat"
        ]
      },
      "then": {
        "properties": {
          "changes": {
            "items": {
              "properties": {
                "at": {
                  "pattern": "^(([Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt]|[Ss][Uu][Nn])[A-Za-z]*(-([Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt]|[Ss][Uu][Nn])[A-Za-z]*)? +)?([01]?[0-9]|2[0-3]):[0-5]?[0-9]$"
                }
              }
            }
          }
        }
      },
      "else": {
        "properties": {
          "changes": {
            "items": {
              "properties": {
                "at": {
                  "pattern": "^([01]?[0-9]|2[0-3]):[0-5]?[0-9]$"
                }
              }
            }
          }
        }
      },
      "required": [
        "changes"
      ]
    },
    "schedulePartial": {
      "description": "A capacity schedule repeating daily or weekly: from each change's time on, the unit has its capacity. Time 0 is Monday 00:00.",
      "type": "object",
      "properties": {
        "repeat": {
          "enum": [
            "daily",
            "weekly"
          ],
          "description": "daily (default) or weekly."
        },
        "changes": {
          "type": "array",
          "minItems": 1,
          "items": {
            "description": "A capacity change.",
            "type": "object",
            "properties": {
              "at": {
                "type": "string",
                "description": "When: \"08:00\" (daily), or \"Mon 08:00\", \"Mon-Fri 08:00\", \"08:00\" (every day) in a weekly schedule. Quote times."
              },
              "capacity": {
                "description": "The capacity from then on.",
                "allOf": [
                  {
                    "$ref": "#/$defs/count"
                  }
                ]
              }
            },
            "required": [
              "at",
              "capacity"
            ],
            "additionalProperties": false
          },
          "description": "The capacity changes (at least one; one per time)."
        }
      },
      "additionalProperties": false,
      "if": {
        "properties": {
          "repeat": {
            "const": "weekly"
          }
        },
        "required": [
          "repeat"
        ]
      },
      "then": {
        "properties": {
          "changes": {
            "items": {
              "properties": {
                "at": {
                  "pattern": "^(([Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt]|[Ss][Uu][Nn])[A-Za-z]*(-([Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt]|[Ss][Uu][Nn])[A-Za-z]*)? +)?([01]?[0-9]|2[0-3]):[0-5]?[0-9]$"
                }
              }
            }
          }
        }
      },
      "else": {
        "properties": {
          "changes": {
            "items": {
              "properties": {
                "at": {
                  "pattern": "^([01]?[0-9]|2[0-3]):[0-5]?[0-9]$"
                }
              }
            }
          }
        }
      }
    },
    "attribute": {
      "description": "An attribute: a list of categories (most urgent first when used as a priority), or 'number'.",
      "anyOf": [
        {
          "type": "array",
          "minItems": 1,
          "uniqueItems": true,
          "items": {
            "$ref": "#/$defs/name"
          },
          "description": "The categories, most urgent first (priority = category index)."
        },
        {
          "const": "number",
          "description": "A numeric attribute (default 0)."
        }
      ]
    },
    "unit": {
      "description": "A unit (resource): a capacity, or {capacity, schedule, preemptive, label, area}.",
      "anyOf": [
        {
          "description": "The capacity.",
          "allOf": [
            {
              "$ref": "#/$defs/count"
            }
          ]
        },
        {
          "type": "object",
          "properties": {
            "capacity": {
              "description": "How many patients it serves at once. Ignored when a schedule is given (before its first change the schedule wraps round to its last).",
              "allOf": [
                {
                  "$ref": "#/$defs/count"
                }
              ]
            },
            "schedule": {
              "description": "Capacity by time of day / day of week.",
              "allOf": [
                {
                  "$ref": "#/$defs/schedule"
                }
              ]
            },
            "preemptive": {
              "description": "true: a more urgent patient interrupts a less urgent one in service (default false).",
              "allOf": [
                {
                  "$ref": "#/$defs/bool"
                }
              ]
            },
            "kind": {
              "description": "What the unit is, so the report words fit: bed (occupancy), staff, room or equipment (busy). Default: guessed from the name and area.",
              "enum": [
                "bed",
                "staff",
                "room",
                "equipment"
              ]
            },
            "target_utilisation": {
              "description": "Highest acceptable mean utilisation (occupancy for beds), e.g. 0.85; the verdict is 'meets' when the whole 95% CI is at or below it. Default for beds: 0.85 (Bagust, Place & Posnett 1999, BMJ 319:155-158), none for other kinds.",
              "allOf": [
                {
                  "$ref": "#/$defs/probability"
                }
              ]
            },
            "label": {
              "description": "Name shown in reports.",
              "allOf": [
                {
                  "$ref": "#/$defs/text"
                }
              ]
            },
            "area": {
              "$ref": "#/$defs/area"
            },
            "dated_changes": {
              "$ref": "#/$defs/datedChanges"
            },
            "reprioritise": {
              "$ref": "#/$defs/reprioritise"
            }
          },
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "capacity"
              ]
            },
            {
              "required": [
                "schedule"
              ]
            }
          ]
        }
      ]
    },
    "arrival": {
      "description": "An arrival stream: patients arrive at a rate (Poisson, optionally shaped by hour of day and day of week) or at listed times, and start 'pathway'. Interarrival times use the random stream arrivals/NAME.",
      "type": "object",
      "properties": {
        "pathway": {
          "description": "The pathway the patients follow.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "per_day": {
          "description": "Mean arrivals per day.",
          "allOf": [
            {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          ]
        },
        "per_hour": {
          "description": "Mean arrivals per hour.",
          "allOf": [
            {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          ]
        },
        "per_minute": {
          "description": "Mean arrivals per minute.",
          "allOf": [
            {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          ]
        },
        "hour_of_day": {
          "allOf": [
            {
              "$ref": "#/$defs/hourProfile"
            }
          ]
        },
        "day_of_week": {
          "type": "array",
          "minItems": 7,
          "maxItems": 7,
          "items": {
            "$ref": "#/$defs/nonNegativeNumber"
          },
          "contains": {
            "not": {
              "enum": [
                0
              ]
            }
          },
          "description": "7 relative weights (Monday first) scaling each day around their mean: the weekly total stays 7 x the daily rate."
        },
        "at": {
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/duration"
          },
          "description": "Scheduled arrivals instead of a rate: a list of times from the start (Monday 00:00), not decreasing, e.g. [0m, 30m, 1h]."
        },
        "limit": {
          "description": "Stop the stream after this many arrivals.",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        },
        "set": {
          "description": "Attributes given to each patient at arrival, before the pathway's first step (random draws use the stream arrivals/NAME/set/ATTRIBUTE).",
          "allOf": [
            {
              "$ref": "#/$defs/assignments"
            }
          ]
        },
        "label": {
          "description": "Name shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "month_of_year": {
          "description": "12 rate multipliers, January first (needs run.start).",
          "type": "array",
          "minItems": 12,
          "maxItems": 12,
          "items": {
            "$ref": "#/$defs/nonNegativeNumber"
          }
        },
        "iso_week": {
          "description": "Rate multipliers by ISO week number (others 1), e.g. {50: 1.2} (needs run.start).",
          "type": "object",
          "patternProperties": {
            "^([1-9]|[1-4][0-9]|5[0-3])$": {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          },
          "additionalProperties": false
        },
        "holidays": {
          "description": "Public holidays that take the Sunday profile and level: sweden (the 13 days of Lag 1989:253, Easter and Midsummer computed per year) or sweden_with_eves (also Midsummer, Christmas and New Year's eves). Needs run.start.",
          "enum": [
            "sweden",
            "sweden_with_eves"
          ]
        },
        "special_days": {
          "description": "Days with another weekday's profile ('as') and/or a multiplier (needs run.start).",
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "date": {
                "$ref": "#/$defs/date"
              },
              "as": {
                "enum": [
                  "monday",
                  "tuesday",
                  "wednesday",
                  "thursday",
                  "friday",
                  "saturday",
                  "sunday",
                  "sunday_holiday",
                  "mon",
                  "tue",
                  "wed",
                  "thu",
                  "fri",
                  "sat",
                  "sun"
                ]
              },
              "multiplier": {
                "$ref": "#/$defs/nonNegativeNumber"
              },
              "label": {
                "$ref": "#/$defs/text"
              }
            },
            "required": [
              "date"
            ],
            "additionalProperties": false
          },
          "examples": [
            [
              {
                "date": "2027-12-24",
                "as": "sunday"
              },
              {
                "date": "2027-12-27",
                "multiplier": 1.2
              }
            ]
          ]
        },
        "surges": {
          "description": "Dated rate multipliers between 'from' and 'to' (inclusive); with 'peak', a triangular wave (1 at the ends, 'multiplier' on the peak day). Surges multiply. Needs run.start.",
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "from": {
                "$ref": "#/$defs/date"
              },
              "to": {
                "$ref": "#/$defs/date"
              },
              "peak": {
                "$ref": "#/$defs/date"
              },
              "multiplier": {
                "$ref": "#/$defs/nonNegativeNumber"
              },
              "label": {
                "$ref": "#/$defs/text"
              }
            },
            "required": [
              "from",
              "to",
              "multiplier"
            ],
            "additionalProperties": false
          },
          "examples": [
            [
              {
                "from": "2026-11-01",
                "peak": "2027-01-20",
                "to": "2027-03-31",
                "multiplier": 1.8,
                "label": "RSV"
              }
            ]
          ]
        },
        "trend": {
          "description": "Yearly growth of the rate, compounded daily from the start, e.g. 0.02 for +2% a year.",
          "type": "number",
          "exclusiveMinimum": -1
        }
      },
      "additionalProperties": false,
      "required": [
        "pathway"
      ],
      "oneOf": [
        {
          "required": [
            "per_day"
          ]
        },
        {
          "required": [
            "per_hour"
          ]
        },
        {
          "required": [
            "per_minute"
          ]
        },
        {
          "required": [
            "at"
          ]
        }
      ]
    },
    "pathway": {
      "description": "A pathway: a list of steps, or {steps, label, area, description}.",
      "anyOf": [
        {
          "$ref": "#/$defs/steps"
        },
        {
          "type": "object",
          "properties": {
            "steps": {
              "description": "The steps, in order.",
              "allOf": [
                {
                  "$ref": "#/$defs/steps"
                }
              ]
            },
            "label": {
              "description": "Name shown in reports and diagrams.",
              "allOf": [
                {
                  "$ref": "#/$defs/text"
                }
              ]
            },
            "area": {
              "$ref": "#/$defs/area"
            },
            "description": {
              "description": "What the pathway models.",
              "allOf": [
                {
                  "$ref": "#/$defs/text"
                }
              ]
            }
          },
          "additionalProperties": false,
          "required": [
            "steps"
          ]
        }
      ]
    },
    "subpathway": {
      "description": "A sub-pathway: steps reused by '- call: NAME' (a list of steps, or {steps: [...]}). Its labels are local to each call. Other keys are ignored. Sub-pathways that are never called are not checked.",
      "anyOf": [
        {
          "$ref": "#/$defs/steps"
        },
        {
          "type": "object",
          "properties": {
            "steps": {
              "description": "The steps, inlined where the sub-pathway is called.",
              "allOf": [
                {
                  "$ref": "#/$defs/steps"
                }
              ]
            }
          },
          "required": [
            "steps"
          ]
        }
      ]
    },
    "kpi": {
      "description": "A KPI: the time from milestone 'from' to milestone 'to' of each patient who passes both.",
      "type": "object",
      "properties": {
        "from": {
          "description": "The start milestone ('arrival' or a milestone marked in a pathway).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "to": {
          "description": "The end milestone ('departure' or a milestone marked in a pathway).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "by": {
          "description": "A categorical attribute to report the KPI per category of.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "target": {
          "description": "A target time (e.g. 4h), or {within: DURATION or {CATEGORY: DURATION}, share: 0.95}.",
          "anyOf": [
            {
              "$ref": "#/$defs/duration"
            },
            {
              "type": "object",
              "properties": {
                "within": {
                  "description": "The target time: a duration, or with 'by', a mapping of categories to durations.",
                  "anyOf": [
                    {
                      "$ref": "#/$defs/duration"
                    },
                    {
                      "type": "object",
                      "additionalProperties": {
                        "$ref": "#/$defs/duration"
                      }
                    }
                  ]
                },
                "share": {
                  "description": "The share of patients that should meet the target, e.g. 0.95.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/probability"
                    }
                  ]
                }
              },
              "additionalProperties": false,
              "required": [
                "within"
              ]
            }
          ]
        },
        "better": {
          "description": "Which direction is better for the report's colours and verdicts: lower (default, for waits and lengths of stay) or higher.",
          "enum": [
            "lower",
            "higher"
          ]
        },
        "mid": {
          "description": "Minimal important difference: the smallest change of the mean or a percentile that matters in practice (default 5% of the reference scenario's value, at least 1 minute). The summary names a change only when its 95% CI excludes 0 and its mean is at least this large.",
          "allOf": [
            {
              "$ref": "#/$defs/duration"
            }
          ]
        },
        "mean_target": {
          "description": "A target on the mean (e.g. 2h): the verdict is 'meets' when the whole 95% CI of the mean is at or below it.",
          "allOf": [
            {
              "$ref": "#/$defs/duration"
            }
          ]
        },
        "p90_target": {
          "description": "A target on the 90th percentile (e.g. 4h), judged from its 95% CI like mean_target.",
          "allOf": [
            {
              "$ref": "#/$defs/duration"
            }
          ]
        },
        "label": {
          "description": "Name shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "headline": {
          "description": "true: show on the report's first page (default false).",
          "allOf": [
            {
              "$ref": "#/$defs/bool"
            }
          ]
        },
        "area": {
          "$ref": "#/$defs/area"
        }
      },
      "additionalProperties": false,
      "required": [
        "from",
        "to"
      ]
    },
    "census": {
      "description": "A census: the number of patients between milestone 'from' and milestone 'to' over time.",
      "type": "object",
      "properties": {
        "from": {
          "description": "The milestone at which a patient is counted in.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "to": {
          "description": "The milestone at which a patient is counted out.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "label": {
          "description": "Name shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "area": {
          "$ref": "#/$defs/area"
        }
      },
      "additionalProperties": false,
      "required": [
        "from",
        "to"
      ]
    },
    "unitPartial": {
      "description": "A unit (resource): a capacity, or {capacity, schedule, preemptive, label, area}.",
      "anyOf": [
        {
          "description": "The capacity.",
          "allOf": [
            {
              "$ref": "#/$defs/count"
            }
          ]
        },
        {
          "type": "object",
          "properties": {
            "capacity": {
              "description": "How many patients it serves at once. Ignored when a schedule is given (before its first change the schedule wraps round to its last).",
              "allOf": [
                {
                  "$ref": "#/$defs/count"
                }
              ]
            },
            "schedule": {
              "description": "Capacity by time of day / day of week.",
              "allOf": [
                {
                  "$ref": "#/$defs/schedulePartial"
                }
              ]
            },
            "preemptive": {
              "description": "true: a more urgent patient interrupts a less urgent one in service (default false).",
              "allOf": [
                {
                  "$ref": "#/$defs/bool"
                }
              ]
            },
            "kind": {
              "description": "What the unit is, so the report words fit: bed (occupancy), staff, room or equipment (busy). Default: guessed from the name and area.",
              "enum": [
                "bed",
                "staff",
                "room",
                "equipment"
              ]
            },
            "target_utilisation": {
              "description": "Highest acceptable mean utilisation (occupancy for beds), e.g. 0.85; the verdict is 'meets' when the whole 95% CI is at or below it. Default for beds: 0.85 (Bagust, Place & Posnett 1999, BMJ 319:155-158), none for other kinds.",
              "allOf": [
                {
                  "$ref": "#/$defs/probability"
                }
              ]
            },
            "label": {
              "description": "Name shown in reports.",
              "allOf": [
                {
                  "$ref": "#/$defs/text"
                }
              ]
            },
            "area": {
              "$ref": "#/$defs/area"
            },
            "dated_changes": {
              "$ref": "#/$defs/datedChanges"
            },
            "reprioritise": {
              "$ref": "#/$defs/reprioritise"
            }
          },
          "additionalProperties": false
        }
      ]
    },
    "arrivalPartial": {
      "description": "An arrival stream: patients arrive at a rate (Poisson, optionally shaped by hour of day and day of week) or at listed times, and start 'pathway'. Interarrival times use the random stream arrivals/NAME.",
      "type": "object",
      "properties": {
        "pathway": {
          "description": "The pathway the patients follow.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "per_day": {
          "description": "Mean arrivals per day.",
          "allOf": [
            {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          ]
        },
        "per_hour": {
          "description": "Mean arrivals per hour.",
          "allOf": [
            {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          ]
        },
        "per_minute": {
          "description": "Mean arrivals per minute.",
          "allOf": [
            {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          ]
        },
        "hour_of_day": {
          "allOf": [
            {
              "$ref": "#/$defs/hourProfile"
            }
          ]
        },
        "day_of_week": {
          "type": "array",
          "minItems": 7,
          "maxItems": 7,
          "items": {
            "$ref": "#/$defs/nonNegativeNumber"
          },
          "contains": {
            "not": {
              "enum": [
                0
              ]
            }
          },
          "description": "7 relative weights (Monday first) scaling each day around their mean: the weekly total stays 7 x the daily rate."
        },
        "at": {
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/duration"
          },
          "description": "Scheduled arrivals instead of a rate: a list of times from the start (Monday 00:00), not decreasing, e.g. [0m, 30m, 1h]."
        },
        "limit": {
          "description": "Stop the stream after this many arrivals.",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        },
        "set": {
          "description": "Attributes given to each patient at arrival, before the pathway's first step (random draws use the stream arrivals/NAME/set/ATTRIBUTE).",
          "allOf": [
            {
              "$ref": "#/$defs/assignments"
            }
          ]
        },
        "label": {
          "description": "Name shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "month_of_year": {
          "description": "12 rate multipliers, January first (needs run.start).",
          "type": "array",
          "minItems": 12,
          "maxItems": 12,
          "items": {
            "$ref": "#/$defs/nonNegativeNumber"
          }
        },
        "iso_week": {
          "description": "Rate multipliers by ISO week number (others 1), e.g. {50: 1.2} (needs run.start).",
          "type": "object",
          "patternProperties": {
            "^([1-9]|[1-4][0-9]|5[0-3])$": {
              "$ref": "#/$defs/nonNegativeNumber"
            }
          },
          "additionalProperties": false
        },
        "holidays": {
          "description": "Public holidays that take the Sunday profile and level: sweden (the 13 days of Lag 1989:253, Easter and Midsummer computed per year) or sweden_with_eves (also Midsummer, Christmas and New Year's eves). Needs run.start.",
          "enum": [
            "sweden",
            "sweden_with_eves"
          ]
        },
        "special_days": {
          "description": "Days with another weekday's profile ('as') and/or a multiplier (needs run.start).",
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "date": {
                "$ref": "#/$defs/date"
              },
              "as": {
                "enum": [
                  "monday",
                  "tuesday",
                  "wednesday",
                  "thursday",
                  "friday",
                  "saturday",
                  "sunday",
                  "sunday_holiday",
                  "mon",
                  "tue",
                  "wed",
                  "thu",
                  "fri",
                  "sat",
                  "sun"
                ]
              },
              "multiplier": {
                "$ref": "#/$defs/nonNegativeNumber"
              },
              "label": {
                "$ref": "#/$defs/text"
              }
            },
            "required": [
              "date"
            ],
            "additionalProperties": false
          },
          "examples": [
            [
              {
                "date": "2027-12-24",
                "as": "sunday"
              },
              {
                "date": "2027-12-27",
                "multiplier": 1.2
              }
            ]
          ]
        },
        "surges": {
          "description": "Dated rate multipliers between 'from' and 'to' (inclusive); with 'peak', a triangular wave (1 at the ends, 'multiplier' on the peak day). Surges multiply. Needs run.start.",
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "from": {
                "$ref": "#/$defs/date"
              },
              "to": {
                "$ref": "#/$defs/date"
              },
              "peak": {
                "$ref": "#/$defs/date"
              },
              "multiplier": {
                "$ref": "#/$defs/nonNegativeNumber"
              },
              "label": {
                "$ref": "#/$defs/text"
              }
            },
            "required": [
              "from",
              "to",
              "multiplier"
            ],
            "additionalProperties": false
          },
          "examples": [
            [
              {
                "from": "2026-11-01",
                "peak": "2027-01-20",
                "to": "2027-03-31",
                "multiplier": 1.8,
                "label": "RSV"
              }
            ]
          ]
        },
        "trend": {
          "description": "Yearly growth of the rate, compounded daily from the start, e.g. 0.02 for +2% a year.",
          "type": "number",
          "exclusiveMinimum": -1
        }
      },
      "additionalProperties": false
    },
    "pathwayPartial": {
      "description": "A pathway: a list of steps, or {steps, label, area, description}.",
      "anyOf": [
        {
          "$ref": "#/$defs/steps"
        },
        {
          "type": "object",
          "properties": {
            "steps": {
              "description": "The steps, in order.",
              "allOf": [
                {
                  "$ref": "#/$defs/steps"
                }
              ]
            },
            "label": {
              "description": "Name shown in reports and diagrams.",
              "allOf": [
                {
                  "$ref": "#/$defs/text"
                }
              ]
            },
            "area": {
              "$ref": "#/$defs/area"
            },
            "description": {
              "description": "What the pathway models.",
              "allOf": [
                {
                  "$ref": "#/$defs/text"
                }
              ]
            }
          },
          "additionalProperties": false
        }
      ]
    },
    "subpathwayPartial": {
      "description": "A sub-pathway: steps reused by '- call: NAME' (a list of steps, or {steps: [...]}). Its labels are local to each call. Other keys are ignored. Sub-pathways that are never called are not checked.",
      "anyOf": [
        {
          "$ref": "#/$defs/steps"
        },
        {
          "type": "object",
          "properties": {
            "steps": {
              "description": "The steps, inlined where the sub-pathway is called.",
              "allOf": [
                {
                  "$ref": "#/$defs/steps"
                }
              ]
            }
          }
        }
      ]
    },
    "kpiPartial": {
      "description": "A KPI: the time from milestone 'from' to milestone 'to' of each patient who passes both.",
      "type": "object",
      "properties": {
        "from": {
          "description": "The start milestone ('arrival' or a milestone marked in a pathway).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "to": {
          "description": "The end milestone ('departure' or a milestone marked in a pathway).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "by": {
          "description": "A categorical attribute to report the KPI per category of.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "target": {
          "description": "A target time (e.g. 4h), or {within: DURATION or {CATEGORY: DURATION}, share: 0.95}.",
          "anyOf": [
            {
              "$ref": "#/$defs/duration"
            },
            {
              "type": "object",
              "properties": {
                "within": {
                  "description": "The target time: a duration, or with 'by', a mapping of categories to durations.",
                  "anyOf": [
                    {
                      "$ref": "#/$defs/duration"
                    },
                    {
                      "type": "object",
                      "additionalProperties": {
                        "$ref": "#/$defs/duration"
                      }
                    }
                  ]
                },
                "share": {
                  "description": "The share of patients that should meet the target, e.g. 0.95.",
                  "allOf": [
                    {
                      "$ref": "#/$defs/probability"
                    }
                  ]
                }
              },
              "additionalProperties": false
            }
          ]
        },
        "better": {
          "description": "Which direction is better for the report's colours and verdicts: lower (default, for waits and lengths of stay) or higher.",
          "enum": [
            "lower",
            "higher"
          ]
        },
        "mid": {
          "description": "Minimal important difference: the smallest change of the mean or a percentile that matters in practice (default 5% of the reference scenario's value, at least 1 minute). The summary names a change only when its 95% CI excludes 0 and its mean is at least this large.",
          "allOf": [
            {
              "$ref": "#/$defs/duration"
            }
          ]
        },
        "mean_target": {
          "description": "A target on the mean (e.g. 2h): the verdict is 'meets' when the whole 95% CI of the mean is at or below it.",
          "allOf": [
            {
              "$ref": "#/$defs/duration"
            }
          ]
        },
        "p90_target": {
          "description": "A target on the 90th percentile (e.g. 4h), judged from its 95% CI like mean_target.",
          "allOf": [
            {
              "$ref": "#/$defs/duration"
            }
          ]
        },
        "label": {
          "description": "Name shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "headline": {
          "description": "true: show on the report's first page (default false).",
          "allOf": [
            {
              "$ref": "#/$defs/bool"
            }
          ]
        },
        "area": {
          "$ref": "#/$defs/area"
        }
      },
      "additionalProperties": false
    },
    "censusPartial": {
      "description": "A census: the number of patients between milestone 'from' and milestone 'to' over time.",
      "type": "object",
      "properties": {
        "from": {
          "description": "The milestone at which a patient is counted in.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "to": {
          "description": "The milestone at which a patient is counted out.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "label": {
          "description": "Name shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "area": {
          "$ref": "#/$defs/area"
        }
      },
      "additionalProperties": false
    },
    "knobKeyPath": {
      "description": "A key path, as in overrides: keys separated by dots, [selector] picks a list item (index, label, step name or assigned attribute), e.g. units.cubicle.capacity.",
      "type": "string",
      "pattern": "^([^.\\[]+|[^.\\[]*\\[[^.]*\\])(\\.([^.\\[]+|[^.\\[]*\\[[^.]*\\]))*$"
    },
    "knobTarget": {
      "description": "A key path the knob sets: to the knob's value, to value × scale, or (as: complement) to 1 - value.",
      "anyOf": [
        {
          "$ref": "#/$defs/knobKeyPath"
        },
        {
          "type": "object",
          "properties": {
            "path": {
              "$ref": "#/$defs/knobKeyPath"
            },
            "as": {
              "description": "value (default) or complement: the path gets 1 - value (two branch probabilities that move together).",
              "enum": [
                "value",
                "complement"
              ]
            },
            "scale": {
              "description": "The path gets value × scale (e.g. 0.24 of all ED visits arrive by ambulance).",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveNumber"
                }
              ]
            }
          },
          "required": [
            "path"
          ],
          "additionalProperties": false
        }
      ]
    },
    "knob": {
      "description": "A knob the workbench (careflow serve) shows: a label, the key path(s) it sets, a type and bounds. Its starting value is the scenario's own value at the first key path; a choice knob picks one of several sets of overrides.",
      "type": "object",
      "properties": {
        "label": {
          "description": "Shown next to the knob.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "description": {
          "description": "A sentence shown under the knob.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "type": {
          "description": "integer (capacities), number (rates), probability (0 to 1), duration (in 'unit': m, h or d), or choice.",
          "enum": [
            "integer",
            "number",
            "probability",
            "duration",
            "choice"
          ]
        },
        "sets": {
          "description": "The key path(s) the knob sets; several paths move together.",
          "anyOf": [
            {
              "$ref": "#/$defs/knobTarget"
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/knobTarget"
              },
              "minItems": 1
            }
          ]
        },
        "min": {
          "description": "Lowest value (required except for probabilities, where it defaults to 0).",
          "allOf": [
            {
              "$ref": "#/$defs/number"
            }
          ]
        },
        "max": {
          "description": "Highest value (required except for probabilities, where it defaults to 1).",
          "allOf": [
            {
              "$ref": "#/$defs/number"
            }
          ]
        },
        "step": {
          "description": "Step of the slider (default 1 for integers, 0.01 for probabilities, a hundredth of the range otherwise).",
          "allOf": [
            {
              "$ref": "#/$defs/positiveNumber"
            }
          ]
        },
        "unit": {
          "description": "Shown after the value, e.g. cubicles or per day; for a duration knob the unit its value is in: s, m, h, d or w.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "choices": {
          "description": "A choice knob's alternatives by name: each a label and the overrides it applies.",
          "type": "object",
          "minProperties": 2,
          "additionalProperties": {
            "type": "object",
            "properties": {
              "label": {
                "description": "Shown in the list.",
                "allOf": [
                  {
                    "$ref": "#/$defs/text"
                  }
                ]
              },
              "set": {
                "description": "Overrides by key path, as in a what-if's overrides.",
                "type": "object",
                "minProperties": 1,
                "propertyNames": {
                  "pattern": "^([^.\\[]+|[^.\\[]*\\[[^.]*\\])(\\.([^.\\[]+|[^.\\[]*\\[[^.]*\\]))*$"
                }
              }
            },
            "required": [
              "set"
            ],
            "additionalProperties": false
          }
        },
        "default": {
          "description": "A choice knob: the choice this scenario makes (default: the first).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        }
      },
      "required": [
        "label",
        "type"
      ],
      "additionalProperties": false,
      "examples": [
        {
          "label": "ED cubicles",
          "type": "integer",
          "sets": "units.cubicle.capacity",
          "min": 10,
          "max": 60,
          "unit": "cubicles"
        },
        {
          "label": "Share of CBT sessions in VR",
          "type": "probability",
          "sets": [
            "pathways.anxiety_cbt.steps[course].repeat.steps[session_mode].branch.options[1].probability",
            {
              "path": "pathways.anxiety_cbt.steps[course].repeat.steps[session_mode].branch.options[0].probability",
              "as": "complement"
            }
          ],
          "step": 0.05
        }
      ]
    },
    "costs": {
      "description": "What capacity, events and a change's fixed items cost; computed after each replication as cost KPIs per year (cost.total_per_year ...). See docs/scenario-format.md#costs.",
      "type": "object",
      "properties": {
        "currency": {"description": "Currency code shown with the costs, e.g. SEK.", "type": "string", "maxLength": 8},
        "units": {
          "description": "Unit name -> exactly one rate; every rate integrates the unit's capacity schedule (shifts, dated changes) over the measured time.",
          "type": "object",
          "additionalProperties": {
            "type": "object",
            "properties": {
              "per_capacity_hour": {"description": "Cost of one unit of capacity for one hour (staff).", "$ref": "#/$defs/nonNegativeNumber"},
              "per_bed_day": {"description": "Cost of one unit of capacity for one day (beds).", "$ref": "#/$defs/nonNegativeNumber"},
              "per_unit_year": {"description": "Cost of one unit of capacity for one year (rooms, scanners).", "$ref": "#/$defs/nonNegativeNumber"}
            },
            "additionalProperties": false,
            "minProperties": 1,
            "maxProperties": 1
          }
        },
        "events": {
          "description": "Counter (pathway.P.reneged, unit.U.balked ...) -> cost per event.",
          "type": "object",
          "additionalProperties": {"$ref": "#/$defs/nonNegativeNumber"}
        },
        "fixed": {
          "description": "Fixed costs of a change: per year, or a one-off amount spread over years.",
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "label": {"type": "string"},
              "per_year": {"$ref": "#/$defs/number"},
              "once": {"$ref": "#/$defs/number"},
              "years": {"$ref": "#/$defs/positiveNumber"}
            },
            "required": ["label"],
            "additionalProperties": false
          }
        }
      },
      "additionalProperties": false
    },
    "inputs": {
      "description": "Knobs by name for the what-if workbench (careflow serve). Without this section the workbench offers unit capacities and arrival volumes.",
      "type": "object",
      "additionalProperties": {
        "$ref": "#/$defs/knob"
      }
    },
    "scenario": {
      "description": "A CareFlow scenario: units, patient attributes, arrival streams, pathways, KPIs and censuses.",
      "type": "object",
      "properties": {
        "inputs": {"$ref": "#/$defs/inputs"},
        "costs": {"$ref": "#/$defs/costs"},
        "name": {
          "description": "Short name of the scenario (default: the file name without .yaml for what-if files, else 'scenario').",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "title": {
          "description": "Title shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "description": {
          "description": "What the scenario represents.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "sources": {
          "description": "Where the numbers come from: a mapping of short ids to citations, or a list of citations.",
          "anyOf": [
            {
              "type": "object",
              "additionalProperties": {
                "$ref": "#/$defs/text"
              }
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/text"
              }
            }
          ]
        },
        "assumptions": {
          "description": "Modelling assumptions, as a list of text.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/text"
          }
        },
        "run": {
          "$ref": "#/$defs/run"
        },
        "units": {
          "description": "Units (resources: staff, cubicles, beds, scanners ...) by name.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/unit"
          }
        },
        "attributes": {
          "description": "Patient attributes by name: a list of categories (first = most urgent) or 'number'.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/attribute"
          }
        },
        "arrivals": {
          "description": "Arrival streams by name.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/arrival"
          },
          "minProperties": 1
        },
        "pathways": {
          "description": "Pathways by name: what patients do, step by step.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/pathway"
          },
          "minProperties": 1
        },
        "subpathways": {
          "description": "Sub-pathways by name: steps reused with '- call: NAME'.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/subpathway"
          }
        },
        "kpis": {
          "description": "KPIs by name: times between two milestones.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/kpi"
          }
        },
        "census": {
          "description": "Censuses by name: counts of patients between two milestones over time.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/census"
          }
        },
        "report": {
          "description": "Report settings.",
          "type": "object",
          "properties": {
            "lang": {
              "description": "Language of report.html: en (default) or sv (Swedish: decimal comma, thin-space thousands). The command line's --lang and CAREFLOW_LANG take precedence.",
              "enum": [
                "en",
                "sv"
              ]
            }
          },
          "additionalProperties": false
        },
        "initial": {
          "$ref": "#/$defs/initial"
        }
      },
      "required": [
        "arrivals",
        "pathways"
      ],
      "additionalProperties": false,
      "allOf": [
        {
          "description": "No horizon needs a limit on every arrival stream.",
          "anyOf": [
            {
              "required": [
                "run"
              ],
              "properties": {
                "run": {
                  "required": [
                    "horizon"
                  ]
                }
              }
            },
            {
              "properties": {
                "arrivals": {
                  "additionalProperties": {
                    "required": [
                      "limit"
                    ]
                  }
                }
              }
            }
          ]
        }
      ]
    },
    "whatIf": {
      "description": "A what-if scenario: 'extends' a base scenario and changes it with merged sections and 'overrides'.",
      "type": "object",
      "properties": {
        "inputs": {"$ref": "#/$defs/inputs"},
        "costs": {"$ref": "#/$defs/costs"},
        "name": {
          "description": "Short name of the scenario (default: the file name without .yaml for what-if files, else 'scenario').",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "title": {
          "description": "Title shown in reports.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "description": {
          "description": "What the scenario represents.",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        },
        "sources": {
          "description": "Where the numbers come from: a mapping of short ids to citations, or a list of citations.",
          "anyOf": [
            {
              "type": "object",
              "additionalProperties": {
                "$ref": "#/$defs/text"
              }
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/text"
              }
            }
          ]
        },
        "assumptions": {
          "description": "Modelling assumptions, as a list of text.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/text"
          }
        },
        "run": {
          "$ref": "#/$defs/run"
        },
        "units": {
          "description": "Units (resources: staff, cubicles, beds, scanners ...) by name.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/unitPartial"
          }
        },
        "attributes": {
          "description": "Patient attributes by name: a list of categories (first = most urgent) or 'number'.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/attribute"
          }
        },
        "arrivals": {
          "description": "Arrival streams by name.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/arrivalPartial"
          }
        },
        "pathways": {
          "description": "Pathways by name: what patients do, step by step.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/pathwayPartial"
          }
        },
        "subpathways": {
          "description": "Sub-pathways by name: steps reused with '- call: NAME'.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/subpathwayPartial"
          }
        },
        "kpis": {
          "description": "KPIs by name: times between two milestones.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/kpiPartial"
          }
        },
        "census": {
          "description": "Censuses by name: counts of patients between two milestones over time.",
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/censusPartial"
          }
        },
        "extends": {
          "description": "The base scenario this what-if changes (a path relative to this file), or a list of them merged in order: each file after its own bases, a base shared by several (a common baseline) once. Every other section given here is deep-merged over the result: mappings merge key by key (also into a base's short form such as 'cubicle: 30'), lists and single values replace.",
          "oneOf": [
            {
              "type": [
                "string",
                "number"
              ],
              "minLength": 1
            },
            {
              "type": "array",
              "minItems": 1,
              "uniqueItems": true,
              "items": {
                "type": [
                  "string",
                  "number"
                ],
                "minLength": 1
              }
            }
          ]
        },
        "overrides": {
          "description": "Changes by key path, applied after merging, e.g. units.physician.capacity: 8, arrivals.ed.per_day: 180, pathways.ed.steps[triage].activity.duration: {lognormal: {mean: 6m, sd: 2m}}. A [selector] picks a list item by index, by its label, by the name of the step it holds, or (assign steps) by an attribute it assigns. The last key may be new; the others must exist in the base. A path reaches into the base's short forms as if written out: units.cubicle.capacity where the base wrote cubicle: 30, pathways.p.steps[0] for p: [steps], steps[i].seize.unit for seize: NAME.",
          "type": "object",
          "propertyNames": {
            "pattern": "^([^.\\[]+|[^.\\[]*\\[[^.]*\\])(\\.([^.\\[]+|[^.\\[]*\\[[^.]*\\]))*$"
          }
        },
        "report": {
          "description": "Report settings.",
          "type": "object",
          "properties": {
            "lang": {
              "description": "Language of report.html: en (default) or sv (Swedish: decimal comma, thin-space thousands). The command line's --lang and CAREFLOW_LANG take precedence.",
              "enum": [
                "en",
                "sv"
              ]
            }
          },
          "additionalProperties": false
        },
        "initial": {
          "$ref": "#/$defs/initial"
        }
      },
      "required": [
        "extends"
      ],
      "additionalProperties": false
    },
    "sweepFactor": {
      "description": "The values a factor takes: {values: [...]} or {range: {from, to, step}}, with an optional short column name.",
      "type": "object",
      "properties": {
        "name": {
          "description": "The factor's column name in the database and CSV files (default: derived from the key path, e.g. ward_bed).",
          "type": "string",
          "pattern": "^[A-Za-z][A-Za-z0-9_]{0,62}$",
          "examples": [
            "physician_day",
            "ward_beds"
          ]
        },
        "values": {
          "description": "The values to try (anything the key path accepts: numbers, durations, names, distributions ...).",
          "type": "array",
          "minItems": 1
        },
        "range": {
          "description": "Evenly spaced values from 'from' to 'to' (inclusive) in steps of 'step'. Numbers or durations.",
          "type": "object",
          "properties": {
            "from": {
              "anyOf": [
                {
                  "type": "number"
                },
                {
                  "type": "string",
                  "pattern": "^ *([-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?|(-?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*) *[smhdw] *)+) *$"
                }
              ],
              "description": "First value."
            },
            "to": {
              "anyOf": [
                {
                  "type": "number"
                },
                {
                  "type": "string",
                  "pattern": "^ *([-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?|(-?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*) *[smhdw] *)+) *$"
                }
              ],
              "description": "Last value (included if on the grid)."
            },
            "step": {
              "anyOf": [
                {
                  "type": "number",
                  "exclusiveMinimum": 0
                },
                {
                  "type": "string",
                  "pattern": "^ *(\\+?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?|(([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*) *[smhdw] *)+) *$"
                }
              ],
              "description": "Spacing, greater than 0."
            }
          },
          "required": [
            "from",
            "to",
            "step"
          ],
          "additionalProperties": false
        }
      },
      "additionalProperties": false,
      "oneOf": [
        {
          "required": [
            "values"
          ]
        },
        {
          "required": [
            "range"
          ]
        }
      ]
    },
    "sweep": {
      "description": "A sweep (design of experiments): runs a base scenario at many settings of its factors (docs/sweeps.md).",
      "type": "object",
      "properties": {
        "sweep": {
          "description": "The sweep's name.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "base": {
          "type": "string",
          "minLength": 1,
          "description": "The scenario file swept (a path relative to this file)."
        },
        "factors": {
          "description": "The factors: a mapping of key paths (as in 'overrides', e.g. units.physician.capacity) to {values: [...]} or {range: {from, to, step}}.",
          "type": "object",
          "minProperties": 1,
          "propertyNames": {
            "pattern": "^([^.\\[]+|[^.\\[]*\\[[^.]*\\])(\\.([^.\\[]+|[^.\\[]*\\[[^.]*\\]))*$"
          },
          "additionalProperties": {
            "$ref": "#/$defs/sweepFactor"
          }
        },
        "design": {
          "description": "How points are chosen: {type: grid} (every combination; default) or {type: latin_hypercube, points: N, seed: S}.",
          "type": "object",
          "properties": {
            "type": {
              "enum": [
                "grid",
                "latin_hypercube"
              ],
              "description": "grid or latin_hypercube."
            },
            "points": {
              "description": "latin_hypercube: the number of design points.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveCount"
                }
              ]
            },
            "seed": {
              "description": "latin_hypercube: the seed of the design (not of the simulation).",
              "allOf": [
                {
                  "$ref": "#/$defs/seed"
                }
              ]
            }
          },
          "required": [
            "type"
          ],
          "additionalProperties": false,
          "if": {
            "properties": {
              "type": {
                "const": "latin_hypercube"
              }
            }
          },
          "then": {
            "required": [
              "points"
            ]
          },
          "else": {
            "properties": {
              "points": false,
              "seed": false
            }
          }
        },
        "replications": {
          "description": "Replications per design point (default: the base scenario's).",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        },
        "seed": {
          "description": "Master seed for the simulation runs (default: the base scenario's).",
          "allOf": [
            {
              "$ref": "#/$defs/seed"
            }
          ]
        },
        "kpis": {
          "description": "The KPIs to keep in the results (default: all).",
          "type": "array",
          "items": {
            "$ref": "#/$defs/name"
          },
          "uniqueItems": true
        },
        "description": {
          "type": "string",
          "description": "What the sweep is for (shown in its report)."
        },
        "workers": {
          "description": "Worker threads (default: all cores); results do not depend on it.",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        },
        "overrides": {
          "description": "Fixed key paths applied to every point before the factors (e.g. run.horizon: 30d), as in a what-if scenario's overrides.",
          "type": "object",
          "propertyNames": {
            "pattern": "^([^.\\[]+|[^.\\[]*\\[[^.]*\\])(\\.([^.\\[]+|[^.\\[]*\\[[^.]*\\]))*$"
          }
        }
      },
      "required": [
        "sweep",
        "base",
        "factors"
      ],
      "additionalProperties": false
    },
    "optimiseQuantity": {
      "description": "A number, a share (0.9 or 90%) or a duration in minutes (30m, 1h30m).",
      "anyOf": [
        {
          "$ref": "#/$defs/number"
        },
        {
          "type": "string",
          "pattern": "^ *[-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*) *% *$"
        },
        {
          "$ref": "#/$defs/duration"
        }
      ]
    },
    "optimiseConfidence": {
      "description": "The probability that the decision is right (outside the tolerance): more than 0.5 and less than 1; default 0.95.",
      "anyOf": [
        {
          "type": "number",
          "exclusiveMinimum": 0.5,
          "exclusiveMaximum": 1
        },
        {
          "type": "string",
          "pattern": "^ *0?\\.[0-9]+ *$"
        }
      ]
    },
    "optimiseVariable": {
      "description": "A whole-number decision variable: the key path it sets and its range from..to by step.",
      "type": "object",
      "properties": {
        "path": {
          "type": "string",
          "minLength": 1,
          "description": "The key path set (as in sweeps), e.g. units.ward_bed.capacity; must exist in the base scenario."
        },
        "from": {
          "description": "The lowest value.",
          "allOf": [
            {
              "$ref": "#/$defs/count"
            }
          ]
        },
        "to": {
          "description": "The highest value (at least from).",
          "allOf": [
            {
              "$ref": "#/$defs/count"
            }
          ]
        },
        "step": {
          "description": "The step (default 1).",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        },
        "linked": {
          "description": "Key paths that move with the variable: each gets value x scale + offset, rounded.",
          "type": "array",
          "items": {
            "anyOf": [
              {
                "type": "string",
                "minLength": 1
              },
              {
                "type": "object",
                "properties": {
                  "path": {
                    "type": "string",
                    "minLength": 1
                  },
                  "scale": {
                    "$ref": "#/$defs/number"
                  },
                  "offset": {
                    "$ref": "#/$defs/number"
                  }
                },
                "required": [
                  "path"
                ],
                "additionalProperties": false
              }
            ]
          }
        }
      },
      "required": [
        "path",
        "from",
        "to"
      ],
      "additionalProperties": false
    },
    "optimiseConstraint": {
      "description": "A target on a KPI's mean: at_most or at_least a limit, shown with a confidence.",
      "type": "object",
      "properties": {
        "kpi": {
          "type": "string",
          "minLength": 1,
          "description": "A KPI name as in summary.json, or a ratio 'A / B' of two."
        },
        "at_most": {
          "description": "The KPI's mean must be at most this.",
          "allOf": [
            {
              "$ref": "#/$defs/optimiseQuantity"
            }
          ]
        },
        "at_least": {
          "description": "The KPI's mean must be at least this.",
          "allOf": [
            {
              "$ref": "#/$defs/optimiseQuantity"
            }
          ]
        },
        "confidence": {
          "$ref": "#/$defs/optimiseConfidence"
        },
        "tolerance": {
          "description": "The indifference zone: a mean within it of the limit may be called either way (default 2% of the limit).",
          "allOf": [
            {
              "$ref": "#/$defs/optimiseQuantity"
            }
          ]
        }
      },
      "required": [
        "kpi"
      ],
      "oneOf": [
        {
          "required": [
            "at_most"
          ]
        },
        {
          "required": [
            "at_least"
          ]
        }
      ],
      "additionalProperties": false
    },
    "optimise": {
      "description": "An optimise file (careflow optimise): the cheapest configuration of integer decision variables that meets KPI targets with a stated confidence (docs/optimise.md).",
      "type": "object",
      "properties": {
        "optimise": {
          "description": "The optimisation's name (output folder Results/<name>/): letters, digits, - _ and ., not starting with '.'.",
          "type": "string",
          "pattern": "^[^.\\s/][^\\s/]*$"
        },
        "description": {
          "type": "string",
          "description": "What the optimisation is for (shown in its report)."
        },
        "base": {
          "type": "string",
          "minLength": 1,
          "description": "The scenario optimised (a path relative to this file); it needs a costs: section to minimise cost."
        },
        "overrides": {
          "description": "Fixed key paths applied to every configuration (e.g. run.replications: 10), as in a what-if's overrides.",
          "type": "object",
          "propertyNames": {
            "pattern": "^([^.\\[]+|[^.\\[]*\\[[^.]*\\])(\\.([^.\\[]+|[^.\\[]*\\[[^.]*\\]))*$"
          }
        },
        "variables": {
          "description": "The decision variables: a mapping of names to {path, from, to, step, linked}; every combination is a configuration (at most 10,000).",
          "type": "object",
          "minProperties": 1,
          "additionalProperties": {
            "$ref": "#/$defs/optimiseVariable"
          }
        },
        "constraints": {
          "description": "The targets: a list of {kpi, at_most|at_least, confidence, tolerance}.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/optimiseConstraint"
          }
        },
        "objective": {
          "description": "What is minimised: {minimise: cost.total_per_year} (the default) or any KPI, with a budget on cost.total_per_year if wanted.",
          "type": "object",
          "properties": {
            "minimise": {
              "type": "string",
              "minLength": 1,
              "description": "A KPI name (cost.total_per_year by default), or a ratio 'A / B'."
            },
            "tolerance": {
              "description": "Indifference zone of the selection among feasible configurations when the objective is noisy.",
              "allOf": [
                {
                  "$ref": "#/$defs/optimiseQuantity"
                }
              ]
            },
            "confidence": {
              "$ref": "#/$defs/optimiseConfidence"
            },
            "budget": {
              "description": "Adds the constraint cost.total_per_year at most this.",
              "allOf": [
                {
                  "$ref": "#/$defs/optimiseQuantity"
                }
              ]
            }
          },
          "required": [
            "minimise"
          ],
          "additionalProperties": false
        },
        "replications": {
          "description": "Replications per configuration: first (n0, 2 to 1000, default 10), max (the cap, default 200), batch (added per round, default half of first).",
          "type": "object",
          "properties": {
            "first": {
              "description": "Replications before the first decision (n0), 2 to 1000.",
              "anyOf": [
                {
                  "type": "integer",
                  "minimum": 2,
                  "maximum": 1000
                },
                {
                  "type": "string",
                  "pattern": "^ *\\+?[0-9]+ *$"
                }
              ]
            },
            "max": {
              "description": "The most replications a configuration gets (at least first).",
              "anyOf": [
                {
                  "type": "integer",
                  "minimum": 2,
                  "maximum": 1000000
                },
                {
                  "type": "string",
                  "pattern": "^ *\\+?[0-9]+ *$"
                }
              ]
            },
            "batch": {
              "description": "Replications added per round while undecided, 1 to 1000.",
              "anyOf": [
                {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000
                },
                {
                  "type": "string",
                  "pattern": "^ *\\+?[0-9]+ *$"
                }
              ]
            }
          },
          "additionalProperties": false
        },
        "seed": {
          "description": "Master seed (default: the base scenario's run.seed).",
          "allOf": [
            {
              "$ref": "#/$defs/seed"
            }
          ]
        },
        "window": {
          "description": "Configurations evaluated at once, in objective order (default 8; not the worker count).",
          "anyOf": [
            {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000
            },
            {
              "type": "string",
              "pattern": "^ *\\+?[0-9]+ *$"
            }
          ]
        },
        "close": {
          "description": "Configurations within this share of the answer's objective are shown as evidence (default 0.05).",
          "allOf": [
            {
              "$ref": "#/$defs/probability"
            }
          ]
        },
        "workers": {
          "description": "Worker threads (default: all cores); results do not depend on it.",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        }
      },
      "required": [
        "optimise",
        "base",
        "variables"
      ],
      "additionalProperties": false
    },
    "date": {
      "description": "A date YYYY-MM-DD, or an ISO week YYYY-Www (from: its Monday; to: its Sunday).",
      "type": "string",
      "pattern": "^[0-9]{4}-([0-9]{2}-[0-9]{2}|W[0-9]{2})$",
      "examples": [
        "2027-06-21",
        "2027-W50"
      ]
    },
    "hourProfile": {
      "description": "24 relative weights (hour 0-1 first) for every day, or one list per day type: weekday (Mon-Fri), saturday, sunday_holiday (Sundays and holidays), or per day mon ... sun (a day's own list wins over its type's). Every day must be covered.",
      "anyOf": [
        {
          "type": "array",
          "minItems": 24,
          "maxItems": 24,
          "items": {
            "$ref": "#/$defs/nonNegativeNumber"
          }
        },
        {
          "type": "object",
          "properties": {
            "weekday": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "saturday": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "sunday_holiday": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "mon": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "tue": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "wed": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "thu": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "fri": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "sat": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            },
            "sun": {
              "type": "array",
              "minItems": 24,
              "maxItems": 24,
              "items": {
                "$ref": "#/$defs/nonNegativeNumber"
              }
            }
          },
          "additionalProperties": false,
          "minProperties": 1
        }
      ],
      "examples": [
        {
          "weekday": [
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1
          ],
          "saturday": [
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1
          ],
          "sunday_holiday": [
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1,
            1
          ]
        }
      ]
    },
    "datedChange": {
      "description": "A dated capacity change from 'from' 00:00 to the end of 'to': 'change' is added to the unit's capacity or schedule (negative: closed beds; at least 0), or 'capacity' replaces it.",
      "type": "object",
      "properties": {
        "from": {
          "$ref": "#/$defs/date"
        },
        "to": {
          "$ref": "#/$defs/date"
        },
        "change": {
          "type": "integer"
        },
        "capacity": {
          "$ref": "#/$defs/count"
        },
        "label": {
          "$ref": "#/$defs/text"
        }
      },
      "required": [
        "from",
        "to"
      ],
      "additionalProperties": false,
      "oneOf": [
        {
          "required": [
            "change"
          ]
        },
        {
          "required": [
            "capacity"
          ]
        }
      ],
      "examples": [
        {
          "from": "2027-06-21",
          "to": "2027-08-15",
          "change": -12,
          "label": "sommarstängning"
        },
        {
          "from": "2027-W50",
          "to": "2028-W10",
          "change": 10
        }
      ]
    },
    "datedChanges": {
      "description": "Dated capacity changes over the run (needs run.start and run.horizon); combined with the schedule.",
      "type": "array",
      "minItems": 1,
      "items": {
        "$ref": "#/$defs/datedChange"
      }
    },
    "initialGroup": {
      "description": "Patients present at time 0: 'count' patients of 'pathway' in the named delay or activity 'at', holding its units (found from the steps before it, plus 'holding'), with attributes drawn as their pathway's arrival streams draw them and their remaining time from 'remaining' (default: the equilibrium residual of the step's duration). 'waiting: true' puts them in the step's queue instead. Draws use streams initial/NAME/...",
      "type": "object",
      "properties": {
        "pathway": {
          "$ref": "#/$defs/name"
        },
        "at": {
          "description": "The name of a delay or activity of the pathway, or of a repeat with a gap (the patients are between two passes, in the gap).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "count": {
          "$ref": "#/$defs/count"
        },
        "holding": {
          "description": "Units held besides those seized right before the step.",
          "anyOf": [
            {
              "$ref": "#/$defs/name"
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/name"
              }
            }
          ]
        },
        "remaining": {
          "description": "'equilibrium' (default) or a duration distribution.",
          "anyOf": [
            {
              "enum": [
                "equilibrium"
              ]
            },
            {
              "$ref": "#/$defs/distribution"
            }
          ]
        },
        "set": {
          "$ref": "#/$defs/assignments"
        },
        "mark": {
          "description": "Milestones marked at time 0 (for censuses and KPIs that start there).",
          "anyOf": [
            {
              "$ref": "#/$defs/name"
            },
            {
              "type": "array",
              "items": {
                "$ref": "#/$defs/name"
              }
            }
          ]
        },
        "waiting": {
          "description": "true: the patients wait in the step's queue (a waiting list) instead.",
          "allOf": [
            {
              "$ref": "#/$defs/bool"
            }
          ]
        },
        "arrivals": {
          "description": "Draw attributes as this arrival stream does (default: the pathway's streams mixed by mean rate).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "pass": {
          "description": "Only when 'at' lies inside a repeat (a course) or is a repeat's gap: the pass the patients are in (or, in the gap, wait for). A number from 1 (2 in a gap) to the repeat's times (5: four passes done), 'uniform' (default: each pass equally likely) or a list of one weight per pass.",
          "anyOf": [
            {
              "type": "integer",
              "minimum": 1
            },
            {
              "enum": [
                "uniform"
              ]
            },
            {
              "type": "array",
              "items": {
                "type": "number",
                "minimum": 0
              }
            }
          ],
          "examples": [
            5,
            "uniform"
          ]
        }
      },
      "required": [
        "pathway",
        "at",
        "count"
      ],
      "additionalProperties": false,
      "examples": [
        {
          "pathway": "paediatric",
          "at": "paediatric_stay",
          "count": 17
        },
        {
          "pathway": "anxiety_cbt",
          "at": "assessment",
          "count": 40,
          "waiting": true,
          "mark": [
            "referral"
          ]
        }
      ]
    },
    "initial": {
      "description": "The initial state: groups of patients present at time 0.",
      "type": "object",
      "additionalProperties": {
        "$ref": "#/$defs/initialGroup"
      }
    },
    "poolRequest": {
      "description": "One of several alternative units (a pool), or one unit counted in a role. Units in a pool cannot be preemptive.",
      "type": "object",
      "properties": {
        "any_of": {
          "description": "Alternative units, in preference order: the patient takes one of them (a nurse or a physician).",
          "type": "array",
          "minItems": 1,
          "uniqueItems": true,
          "items": {
            "$ref": "#/$defs/name"
          }
        },
        "unit": {
          "description": "One unit, counted in a role (instead of any_of).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "choose": {
          "description": "Which unit: first_free (default: the first listed with room; else wait for whichever frees first), least_busy (the lowest share of places in use; else as first_free), in_order (the first listed with room; else wait for the first listed only).",
          "enum": [
            "first_free",
            "least_busy",
            "in_order"
          ]
        },
        "role": {
          "description": "What the units are used for; busy time, services and waits are reported per role (role.NAME.*). Default: the activity's name, or the units' names joined by ' or '.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "amount": {
          "description": "Places taken from the chosen unit (default 1).",
          "allOf": [
            {
              "$ref": "#/$defs/positiveCount"
            }
          ]
        }
      },
      "additionalProperties": false,
      "anyOf": [
        {
          "required": [
            "any_of"
          ]
        },
        {
          "required": [
            "unit",
            "role"
          ]
        }
      ],
      "examples": [
        {
          "any_of": [
            "nurse",
            "physician"
          ],
          "choose": "least_busy"
        }
      ]
    },
    "stateOption": {
      "description": "One option of a branch by state: the unit it looks at, then steps or a jump as in a random branch.",
      "type": "object",
      "properties": {
        "unit": {
          "description": "The unit whose state decides (a ward, a queue).",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "steps": {
          "description": "Steps for this option; afterwards the patient continues after the branch.",
          "allOf": [
            {
              "$ref": "#/$defs/steps"
            }
          ]
        },
        "goto": {
          "description": "A label to jump to, or 'leave'.",
          "allOf": [
            {
              "$ref": "#/$defs/name"
            }
          ]
        },
        "label": {
          "description": "Text on the option's arrow in the pathway diagram (default: the unit's name).",
          "allOf": [
            {
              "$ref": "#/$defs/text"
            }
          ]
        }
      },
      "required": [
        "unit"
      ],
      "additionalProperties": false
    },
    "reprioritise": {
      "description": "Re-prioritise waiting patients: one rule or a list of rules.",
      "anyOf": [
        {
          "type": "object",
          "description": "Every 'every' minutes, change an attribute of each patient waiting for this unit (who has waited at least after_waiting) and re-order the queue by the new priority (FIFO kept among equals). E.g. an AI re-sorting a reporting worklist every 15 min, or re-triage after 2 h of waiting.",
          "properties": {
            "every": {
              "description": "Interval between changes.",
              "allOf": [
                {
                  "$ref": "#/$defs/positiveDuration"
                }
              ]
            },
            "first": {
              "description": "Time of the first change (default: one interval after the start).",
              "allOf": [
                {
                  "$ref": "#/$defs/duration"
                }
              ]
            },
            "after_waiting": {
              "description": "Only patients who have waited at least this long (default 0).",
              "allOf": [
                {
                  "$ref": "#/$defs/duration"
                }
              ]
            },
            "name": {
              "allOf": [
                {
                  "$ref": "#/$defs/name"
                }
              ]
            },
            "set": {
              "description": "One attribute and its new value: another attribute (copied), a category or number, or {add: N, at_least: X, at_most: Y} (ageing).",
              "type": "object",
              "minProperties": 1,
              "maxProperties": 1,
              "additionalProperties": {
                "anyOf": [
                  {
                    "$ref": "#/$defs/name"
                  },
                  {
                    "$ref": "#/$defs/number"
                  },
                  {
                    "type": "object",
                    "properties": {
                      "add": {
                        "$ref": "#/$defs/number"
                      },
                      "at_least": {
                        "$ref": "#/$defs/number"
                      },
                      "at_most": {
                        "$ref": "#/$defs/number"
                      }
                    },
                    "required": [
                      "add"
                    ],
                    "additionalProperties": false
                  }
                ]
              }
            }
          },
          "required": [
            "every",
            "set"
          ],
          "additionalProperties": false,
          "examples": [
            {
              "every": "15m",
              "set": {
                "report_priority": "ai_priority"
              }
            }
          ]
        },
        {
          "type": "array",
          "items": {
            "type": "object",
            "description": "Every 'every' minutes, change an attribute of each patient waiting for this unit (who has waited at least after_waiting) and re-order the queue by the new priority (FIFO kept among equals). E.g. an AI re-sorting a reporting worklist every 15 min, or re-triage after 2 h of waiting.",
            "properties": {
              "every": {
                "description": "Interval between changes.",
                "allOf": [
                  {
                    "$ref": "#/$defs/positiveDuration"
                  }
                ]
              },
              "first": {
                "description": "Time of the first change (default: one interval after the start).",
                "allOf": [
                  {
                    "$ref": "#/$defs/duration"
                  }
                ]
              },
              "after_waiting": {
                "description": "Only patients who have waited at least this long (default 0).",
                "allOf": [
                  {
                    "$ref": "#/$defs/duration"
                  }
                ]
              },
              "name": {
                "allOf": [
                  {
                    "$ref": "#/$defs/name"
                  }
                ]
              },
              "set": {
                "description": "One attribute and its new value: another attribute (copied), a category or number, or {add: N, at_least: X, at_most: Y} (ageing).",
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": {
                  "anyOf": [
                    {
                      "$ref": "#/$defs/name"
                    },
                    {
                      "$ref": "#/$defs/number"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "add": {
                          "$ref": "#/$defs/number"
                        },
                        "at_least": {
                          "$ref": "#/$defs/number"
                        },
                        "at_most": {
                          "$ref": "#/$defs/number"
                        }
                      },
                      "required": [
                        "add"
                      ],
                      "additionalProperties": false
                    }
                  ]
                }
              }
            },
            "required": [
              "every",
              "set"
            ],
            "additionalProperties": false,
            "examples": [
              {
                "every": "15m",
                "set": {
                  "report_priority": "ai_priority"
                }
              }
            ]
          }
        }
      ]
    }
  }
}
"""#
}
